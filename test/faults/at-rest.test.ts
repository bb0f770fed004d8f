/**
 * Secrecy at rest (issue 16): sixteen members vote on the real protocol — tokens fetched in one
 * order, ballots cast in another, some fetching their token just before casting, some signing
 * out just after — and the data directory is copied while the vote is open and again after it
 * closes, with a `sealvote backup` taken at both moments. Then someone who has the copies and
 * the published record tries every recovery we could think of:
 *
 *   - every byte of every file searched for anything of a published ballot (its ballot key,
 *     signatures, receipt) and for a choice of the open vote;
 *   - WAL frame replay, valid frames and stale ones: which commit first holds each ballot, and
 *     who got a token in the commit before it or signed out in the commit after it;
 *   - the database page by page: live cells of every table with their rowids and positions in
 *     the page (cell order is insertion order), free space inside pages, free-list pages;
 *   - the -shm wal-index's page-number history;
 *   - the same with the service's secrets, once the vote has closed: the row key of each
 *     published ballot computed and searched for.
 *
 * Without the secrets a copy taken at any moment must give nothing; after the close not even
 * the secrets may bring back arrival order or issuance order. THREAT_MODEL.md states the rest
 * (what a copy taken mid-vote gives with the secrets, and D1).
 */
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import type { SignedBallot } from '../../crypto/ballot';
import { main } from '../../src/cli/main';
import { ballotRowKey } from '../../src/domain/live/ballot-box';
import { makeTestApp, type TestApp } from '../support/app';
import { occurrences, parseBTreePage, readDatabase, readShm, readWal, type DatabaseImage } from '../support/sqlite-forensics';
import type { Token } from '../../src/demo/tablet-client';
import { TabletClient } from '../support/tablet';
import { openItem, openRoom, type Room } from '../security/fixture';

const MEMBERS = 16;
const FILES = ['sealvote.sqlite', 'sealvote.sqlite-wal', 'sealvote.sqlite-shm'];

let root: string;
let t: TestApp | undefined;
afterAll(() => {
  t?.close();
  if (root) rmSync(root, { recursive: true, force: true });
});

/** A fixed shuffle, so a failure reproduces. */
function shuffled<T>(xs: readonly T[], seed: number): T[] {
  const out = [...xs];
  let s = seed;
  for (let i = out.length - 1; i > 0; i--) {
    s = (s * 1103515245 + 12345) % 2 ** 31;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

interface Copy {
  name: string;
  dir: string;
  db: string;
  wal: string;
  shm: string;
}

function copyDataDirectory(from: string, name: string): Copy {
  const dir = join(root, 'copies', name);
  mkdirSync(dir, { recursive: true });
  for (const f of FILES) if (existsSync(join(from, f))) copyFileSync(join(from, f), join(dir, f));
  return { name, dir, db: join(dir, FILES[0]!), wal: join(dir, FILES[1]!), shm: join(dir, FILES[2]!) };
}

async function cliBackup(dbPath: string, to: string): Promise<void> {
  const out = new PassThrough();
  const err = new PassThrough();
  let text = '';
  err.on('data', (d) => (text += String(d)));
  const code = await main(['backup', to], { stdin: new PassThrough(), stdout: out, stderr: err, env: { SEALVOTE_DB: dbPath } });
  if (code !== 0) throw new Error(`backup failed: ${text}`);
}

function backupCopy(path: string, name: string): Copy {
  return { name, dir: join(path, '..'), db: path, wal: `${path}-wal`, shm: `${path}-shm` };
}

/** What the ballot leaves in the published record: byte strings to look for. */
function publicMarkers(b: SignedBallot, receipt: string): Buffer[] {
  const hex = [b.ballot_pk, b.token_sig, b.sig, receipt];
  // As text (how the service stores JSON) and as raw bytes (in case anything stores binary).
  return [...hex.map((h) => Buffer.from(h, 'utf8')), ...hex.map((h) => Buffer.from(h, 'hex'))];
}

interface Hit {
  file: string;
  where: string;
}

/** Where the needles occur in the copy's files; database hits say which table or free space. */
function locate(copy: Copy, needles: Buffer[]): Hit[] {
  const hits: Hit[] = [];
  const image = existsSync(copy.db) ? readDatabase(copy.db) : null;
  for (const file of [copy.db, copy.wal, copy.shm]) {
    if (!existsSync(file)) continue;
    const bytes = readFileSync(file);
    for (const n of needles) {
      for (const at of occurrences(bytes, n)) hits.push({ file: file.slice(copy.dir.length + 1), where: file === copy.db && image ? placeOf(image, at) : `offset ${at}` });
    }
  }
  return hits;
}

function placeOf(image: DatabaseImage, fileOffset: number): string {
  const page = Math.floor(fileOffset / image.pageSize) + 1;
  const inPage = fileOffset % image.pageSize;
  for (const [name, cells] of image.cells) {
    if (cells.some((c) => c.page === page && inPage >= c.offset && inPage < c.offset + c.raw.length)) return `live cell of ${name} (page ${page})`;
  }
  const dead = image.dead.find((d) => d.page === page && inPage >= d.offset && inPage < d.offset + d.bytes.length);
  if (dead) return `${dead.kind} (page ${page})`;
  return `${image.owner.get(page) ?? 'unowned'} page ${page}, outside any cell`;
}

interface Truth {
  room: Room;
  item: { id: string; nomineeIds: string[] };
  /** person id → the ballot they cast (and its receipt), in order of arrival. */
  cast: Array<{ personId: string; ballot: SignedBallot; receipt: string }>;
  issuedOrder: string[];
}

/**
 * WAL replay, the attack: the first commit holding each ballot, and the member whose
 * token commit is just before it or whose sign-out commit is just after it.
 */
function linkByWal(copy: Copy, truth: Truth, ballotNeedles: (i: number) => Buffer[]): { found: number; linked: Array<{ ballot: number; person: string }> } {
  const { frames } = readWal(copy.wal);
  const firstCommit = (needles: Buffer[]) => frames.find((f) => needles.some((n) => occurrences(f.bytes, n).length > 0))?.commit;
  const tokenCommit = new Map<string, number>();
  const signOutCommit = new Map<string, number>();
  for (const p of truth.room.m.members) {
    const c = firstCommit([Buffer.from(`vote${p.personId}`)]);
    if (c !== undefined) tokenCommit.set(p.personId, c);
  }
  for (const f of frames) {
    const page = parseBTreePage(f.page, f.bytes, f.bytes.length);
    for (const cell of page?.cells ?? []) {
      // An attendees row: (meeting, person, class, name, unit, title, excused, signed in, signed out).
      const v = cell.values;
      if (v.length === 9 && typeof v[1] === 'string' && v[8] !== null && !signOutCommit.has(v[1])) signOutCommit.set(v[1], f.commit);
    }
  }
  let found = 0;
  const linked: Array<{ ballot: number; person: string }> = [];
  truth.cast.forEach((c, i) => {
    const at = firstCommit(ballotNeedles(i));
    if (at === undefined) return;
    found++;
    const guesses = truth.room.m.members.map((p) => p.personId).filter((p) => tokenCommit.get(p) === at - 1 || signOutCommit.get(p) === at + 1);
    if (guesses.length === 1 && guesses[0] === c.personId) linked.push({ ballot: i, person: c.personId });
  });
  return { found, linked };
}

/** Live cells holding ballots, per table other than the log, with their place in the page. */
function ballotCells(copy: Copy, needles: (i: number) => Buffer[], count: number): Map<string, Array<{ ballot: number; page: number; offset: number; rowid: bigint | null }>> {
  const image = withWal(copy);
  const out = new Map<string, Array<{ ballot: number; page: number; offset: number; rowid: bigint | null }>>();
  for (const [name, cells] of image.cells) {
    for (const cell of cells) {
      for (let i = 0; i < count; i++) {
        if (needles(i).some((n) => occurrences(cell.raw, n).length > 0)) {
          const list = out.get(name) ?? [];
          list.push({ ballot: i, page: cell.page, offset: cell.offset, rowid: cell.rowid });
          out.set(name, list);
        }
      }
    }
  }
  return out;
}

/**
 * Which order the ballots of one table lie in, page by page. SQLite fills a page's cell area
 * from its end, so a cell written later sits at a lower offset: the physical order is the order
 * of writing, unless the page was rebuilt (then it is key order). `orders` are candidate
 * orders (ballot indices); the answer names those every same-page pair agrees with.
 */
function physicalOrder(cells: Array<{ ballot: number; page: number; offset: number }>, orders: Record<string, number[]>): string[] {
  const agreeing: string[] = [];
  for (const [name, order] of Object.entries(orders)) {
    const rank = new Map(order.map((b, k) => [b, k]));
    let ok = true;
    for (const a of cells) {
      for (const b of cells) {
        if (a.page !== b.page || a.ballot === b.ballot || a.offset === b.offset) continue;
        // a written before b ⇔ a at the higher offset
        if (rank.get(a.ballot)! < rank.get(b.ballot)! !== a.offset > b.offset) ok = false;
      }
    }
    if (ok) agreeing.push(name);
  }
  return agreeing;
}

/** The database as of the copy's last committed WAL frame: what SQLite itself would read. */
function withWal(copy: Copy): DatabaseImage {
  const { frames } = readWal(copy.wal);
  const overlay = new Map<number, Uint8Array>();
  let pending = new Map<number, Uint8Array>();
  for (const f of frames.filter((x) => x.current)) {
    pending.set(f.page, f.bytes);
    if (f.commitSize !== 0) {
      for (const [p, b] of pending) overlay.set(p, b);
      pending = new Map();
    }
  }
  return readDatabase(copy.db, overlay);
}

/**
 * VACUUM INTO of a backup, compared page by page with the backup itself (page 1's 100-byte
 * header aside: counters and the journal mode live there). Equal pages mean the file is the
 * canonical layout of its rows: the same rows written in any other order would give it too.
 */
function differsFromRebuild(path: string): number[] {
  const rebuilt = `${path}.rebuilt`;
  const db = new Database(path, { readonly: true });
  try {
    db.prepare('VACUUM INTO ?').run(rebuilt);
  } finally {
    db.close();
  }
  const a = readFileSync(path);
  const b = readFileSync(rebuilt);
  rmSync(rebuilt);
  const size = a.readUInt16BE(16);
  const differing: number[] = [];
  for (let p = 0; p * size < Math.max(a.length, b.length); p++) {
    const from = p === 0 ? 100 : p * size;
    if (!a.subarray(from, (p + 1) * size).equals(b.subarray(from, (p + 1) * size))) differing.push(p + 1);
  }
  return differing;
}

describe('a copied data directory (issue 16)', () => {
  it('gives, at any moment and without the secrets, no link, no running count; after the close, no order even with them', async () => {
    root = mkdtempSync(join(tmpdir(), 'sealvote-at-rest-'));
    const data = join(root, 'data');
    const dbPath = join(data, 'sealvote.sqlite');
    t = makeTestApp({ path: dbPath });
    const room = await openRoom({ t, members: MEMBERS, observers: 0, items: [{ nominees: 2, seats: 1 }] });
    const item = room.m.items[0]!;
    const [n1, n2] = item.nomineeIds as [string, string];
    await openItem(room, item.id);

    const members = room.members.map((tablet, i) => ({ tablet, personId: room.m.members[i]!.personId }));
    const tokenOrder = shuffled(members, 7).slice(0, 10);
    const castOrder = shuffled(members, 11);
    const tokens = new Map<string, Token>();
    const issuedOrder: string[] = [];
    const fetchToken = async (m: (typeof members)[number]) => {
      tokens.set(m.personId, await m.tablet.requestToken(item.id));
      issuedOrder.push(m.personId);
    };
    // Ten tablets fetch their token as the item opens; the other six just before they cast.
    for (const m of tokenOrder) await fetchToken(m);
    const truth: Truth = { room, item, cast: [], issuedOrder };
    const choices = [
      { [n1]: 'approve', [n2]: 'disapprove' },
      { [n1]: 'disapprove', [n2]: 'approve' },
      { [n1]: 'abstain', [n2]: 'abstain' },
      { [n1]: 'disapprove', [n2]: 'disapprove' },
    ] as const;
    const castOne = async (m: (typeof members)[number], k: number) => {
      if (!tokens.has(m.personId)) await fetchToken(m);
      const ballot = TabletClient.ballot(tokens.get(m.personId)!, { ...choices[k % choices.length]! });
      const res = await TabletClient.cast(async (p, init) => room.t.app.request(p, init), ballot);
      expect(res.status).toBe(201);
      truth.cast.push({ personId: m.personId, ballot, receipt: res.body.receipt! });
      // Every third member leaves the room right after casting.
      if (k % 3 === 1) {
        const out = await room.t.app.request('/api/tablet/sign-out', { method: 'POST', headers: { authorization: `Bearer ${m.tablet.bearer}` } });
        expect(out.status).toBe(204);
      }
    };
    for (const [k, m] of castOrder.slice(0, 9).entries()) await castOne(m, k);

    // Mid-vote: the directory as it is, and a backup.
    const midCopy = copyDataDirectory(data, 'mid');
    const midBackupPath = join(root, 'backups', 'mid.sqlite');
    mkdirSync(join(root, 'backups'), { recursive: true });
    await cliBackup(dbPath, midBackupPath);
    const modes = {
      dir: statSync(data).mode & 0o777,
      files: Object.fromEntries(FILES.filter((f) => existsSync(join(data, f))).map((f) => [f, statSync(join(data, f)).mode & 0o777])),
      backup: statSync(midBackupPath).mode & 0o777,
    };

    for (const [k, m] of castOrder.slice(9).entries()) await castOne(m, k + 9);
    const closed = await room.call('POST', `/api/items/${item.id}/close`, { as: room.presiding });
    expect(closed.status).toBe(200);
    const closedCopy = copyDataDirectory(data, 'closed');
    const closedBackupPath = join(root, 'backups', 'closed.sqlite');
    await cliBackup(dbPath, closedBackupPath);

    // The record as published: every ballot in it, in the log's order.
    const record = await room.call('GET', `/api/meetings/${room.m.meetingId}/record`, { as: room.presiding });
    expect(record.status).toBe(200);
    const published = JSON.stringify(record.body);
    for (const c of truth.cast) expect(published).toContain(c.ballot.ballot_pk);

    const config = room.t.deps.config;
    const withoutSecrets = (i: number) => publicMarkers(truth.cast[i]!.ballot, truth.cast[i]!.receipt);
    const rowKeyOf = (i: number) => ballotRowKey(config, room.m.meetingId, truth.cast[i]!.ballot.ballot_pk);
    const withSecrets = (i: number) => [...withoutSecrets(i), Buffer.from(rowKeyOf(i), 'utf8'), Buffer.from(rowKeyOf(i), 'hex')];
    const castMidVote = 9;
    const allBallots = (f: (i: number) => Buffer[], n = truth.cast.length) => Array.from({ length: n }, (_, i) => f(i)).flat();
    // A choice of the open vote as JSON holds it: "<nominee>":"<choice>".
    const choiceNeedles = [n1, n2].flatMap((n) => ['approve', 'disapprove', 'abstain'].map((c) => Buffer.from(`"${n}":"${c}"`)));

    const report: Record<string, unknown> = {};
    const midBackup = backupCopy(midBackupPath, 'mid-backup');
    const closedBackup = backupCopy(closedBackupPath, 'closed-backup');

    // 1. Mid-vote, without the secrets (but with the record published later): nothing of any
    //    ballot cast so far, no choice of the open vote, in any file.
    for (const copy of [midCopy, midBackup]) {
      report[`${copy.name}: ballots found without secrets`] = locate(copy, allBallots(withoutSecrets, castMidVote));
      report[`${copy.name}: choices of the open vote`] = locate(copy, choiceNeedles);
      report[`${copy.name}: WAL replay links`] = linkByWal(copy, truth, withoutSecrets).linked;
      // The sealed rows all have one length: the length does not tell a choice.
      const image = withWal(copy);
      expect((image.cells.get('ballots') ?? []).length, copy.name).toBe(castMidVote);
      const sealedLengths = new Set((image.cells.get('ballots') ?? []).map((c) => String(c.values.at(-1) ?? '').length));
      report[`${copy.name}: distinct lengths of stored ballots`] = sealedLengths.size;
    }
    // A backup taken mid-vote holds the vote's sealed ballots so far (with the secrets they open),
    // but its pages are a function of its rows alone: rebuilt from its own rows, it comes out
    // byte for byte the same, so it cannot hold the order in which they were written.
    for (const copy of [midBackup, closedBackup]) report[`${copy.name}: pages differing from a rebuild of its own rows`] = differsFromRebuild(copy.db);

    // 2. After the close, with the secrets: no stored ballot left (no row key anywhere), the
    //    published ballots only in the log's live cells, the log in leaf-hash order, no token
    //    row, no WAL history, no page-number history in the -shm.
    const leafOrder = truth.cast.map((c, i) => ({ i, r: c.receipt })).sort((a, b) => (a.r < b.r ? -1 : 1)).map((x) => x.i);
    for (const copy of [closedCopy, closedBackup]) {
      const rowKeys = Array.from({ length: truth.cast.length }, (_, i) => [Buffer.from(rowKeyOf(i), 'utf8'), Buffer.from(rowKeyOf(i), 'hex')]).flat();
      report[`${copy.name}: stored ballots found with secrets (row keys)`] = locate(copy, rowKeys);
      // The log, its two leaf-hash indexes and the spent ballot keys hold published values.
      const PUBLIC = /^live cell of (log_entries|log_entries_receipt|log_entries_leaf|spent_ballot_keys) /;
      report[`${copy.name}: ballots outside the log's live cells`] = locate(copy, allBallots(withoutSecrets)).filter((h) => !PUBLIC.test(h.where));
      const cells = ballotCells(copy, withSecrets, truth.cast.length);
      report[`${copy.name}: tables holding ballots`] = [...cells.keys()].sort();
      const orders = {
        arrival: truth.cast.map((_, i) => i),
        'leaf hash': leafOrder,
        'ballot key': truth.cast.map((c, i) => ({ i, k: c.ballot.ballot_pk })).sort((a, b) => (a.k < b.k ? -1 : 1)).map((x) => x.i),
      };
      // A table whose cells lie in arrival order and in no public order would be a leak.
      report[`${copy.name}: tables in arrival order`] = [...cells.entries()]
        .filter(([, list]) => {
          const agree = physicalOrder(list, orders);
          return agree.includes('arrival') && agree.length === 1;
        })
        .map(([name]) => name);
      report[`${copy.name}: rowids beside ballots outside the log`] = [...cells.entries()].filter(([name, list]) => name !== 'log_entries' && list.some((c) => c.rowid !== null)).map(([name]) => name);
      // The log's own rows: rowid order (= insertion order) must be leaf-hash order.
      const logged = (cells.get('log_entries') ?? []).filter((c, k, all) => all.findIndex((d) => d.ballot === c.ballot) === k);
      const byRowid = [...logged].sort((a, b) => (a.rowid! < b.rowid! ? -1 : 1)).map((c) => c.ballot);
      report[`${copy.name}: log order is leaf-hash order`] = JSON.stringify(byRowid) === JSON.stringify(leafOrder);
      report[`${copy.name}: token rows of the closed vote`] = locate(copy, room.m.members.map((p) => Buffer.from(`vote${p.personId}`)));
      report[`${copy.name}: WAL replay links (with secrets)`] = linkByWal(copy, truth, withSecrets).linked;
      const { frames } = readWal(copy.wal);
      report[`${copy.name}: WAL frames`] = frames.length;
      const shm = readShm(copy.shm);
      report[`${copy.name}: stale -shm page numbers`] = shm.pageOfFrame.slice(shm.mxFrame).filter((p) => p !== 0).length;
    }
    report['modes'] = modes;

    expect(report).toEqual({
      'mid: ballots found without secrets': [],
      'mid: choices of the open vote': [],
      'mid: WAL replay links': [],
      'mid: distinct lengths of stored ballots': 1,
      'mid-backup: ballots found without secrets': [],
      'mid-backup: choices of the open vote': [],
      'mid-backup: WAL replay links': [],
      'mid-backup: distinct lengths of stored ballots': 1,
      'mid-backup: pages differing from a rebuild of its own rows': [],
      'closed-backup: pages differing from a rebuild of its own rows': [],
      'closed: stored ballots found with secrets (row keys)': [],
      'closed: ballots outside the log\'s live cells': [],
      'closed: tables holding ballots': ['log_entries', 'log_entries_leaf', 'log_entries_receipt', 'spent_ballot_keys'],
      'closed: tables in arrival order': [],
      'closed: rowids beside ballots outside the log': [],
      'closed: log order is leaf-hash order': true,
      'closed: token rows of the closed vote': [],
      'closed: WAL replay links (with secrets)': [],
      'closed: WAL frames': 0,
      // The sweep's own one-page write (src/db/sweep.ts) is all the wal-index remembers.
      'closed: stale -shm page numbers': expect.any(Number),
      'closed-backup: stored ballots found with secrets (row keys)': [],
      'closed-backup: ballots outside the log\'s live cells': [],
      'closed-backup: tables holding ballots': ['log_entries', 'log_entries_leaf', 'log_entries_receipt', 'spent_ballot_keys'],
      'closed-backup: tables in arrival order': [],
      'closed-backup: rowids beside ballots outside the log': [],
      'closed-backup: log order is leaf-hash order': true,
      'closed-backup: token rows of the closed vote': [],
      'closed-backup: WAL replay links (with secrets)': [],
      'closed-backup: WAL frames': 0,
      'closed-backup: stale -shm page numbers': 0,
      modes: { dir: 0o700, files: { 'sealvote.sqlite': 0o600, 'sealvote.sqlite-wal': 0o600, 'sealvote.sqlite-shm': 0o600 }, backup: 0o600 },
    });
    expect(report['closed: stale -shm page numbers']).toBeLessThanOrEqual(1);
  }, 120_000);

  it('sweeps only what it can: a reader holding the WAL delays the sweep, which then retries', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sealvote-sweep-'));
    const local = makeTestApp({ path: join(dir, 'db.sqlite') });
    try {
      chmodSync(dir, 0o700);
      const room = await openRoom({ t: local, members: 3, observers: 0, items: [{ nominees: 1 }] });
      const item = room.m.items[0]!;
      await openItem(room, item.id);
      for (const m of room.members) await m.vote(item.id, { [item.nomineeIds[0]!]: 'approve' });
      // A second connection in a read transaction (as a running `sealvote backup` would be).
      const Database = (await import('better-sqlite3')).default;
      const reader = new Database(join(dir, 'db.sqlite'), { readonly: true });
      reader.prepare('BEGIN').run();
      reader.prepare('SELECT count(*) FROM log_entries').get();
      const closed = await room.call('POST', `/api/items/${item.id}/close`, { as: room.presiding });
      expect(closed.status).toBe(200);
      // The reader keeps the frames in use: the sweep could not truncate, and did not wait.
      expect(statSync(join(dir, 'db.sqlite-wal')).size).toBeGreaterThan(0);
      reader.prepare('COMMIT').run();
      reader.close();
      await expect.poll(() => statSync(join(dir, 'db.sqlite-wal')).size, { timeout: 60_000 }).toBe(0);
    } finally {
      local.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 180_000);
});
