/**
 * Storage failures (issue 9, "Disk full and I/O errors"): the disk fills up (SQLite
 * max_page_count on the app's own connection) or a write fails with an I/O error. The request
 * fails with 503 storage_unavailable, nothing is acknowledged, the file passes
 * `PRAGMA integrity_check`, and once storage is back the same request succeeds.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { SignedBallot } from '../../crypto/ballot';
import { buildRecord } from '../../src/domain/record/build-record';
import { verifyRecord } from '../../src/verifier';
import { makeTestApp } from '../support/app';
import { TabletClient, type Token } from '../../src/demo/tablet-client';
import { openItem, openRoom, type Room } from '../security/fixture';

let room: Room | undefined;
let dir: string | undefined;
afterEach(() => {
  vi.restoreAllMocks();
  room?.t.close();
  room = undefined;
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function roomOnDisk(members = 11): Promise<Room> {
  dir = mkdtempSync(join(tmpdir(), 'sealvote-storage-'));
  const t = makeTestApp({ path: join(dir, 'db.sqlite') });
  // The 503s below are logged by app.ts on purpose; keep the test output readable.
  vi.spyOn(console, 'error').mockImplementation(() => {});
  return openRoom({ t, members, observers: 0, items: [{ nominees: 1 }] });
}

const sqliteOf = (r: Room) => r.t.handle.sqlite;
const integrity = (r: Room) => sqliteOf(r).pragma('integrity_check', { simple: true });
const count = (r: Room, sql: string) => (sqliteOf(r).prepare(sql).get() as { n: number }).n;
const castVia = (r: Room, b: SignedBallot) => TabletClient.cast(async (p, i) => r.t.app.request(p, i), b);
/** The disk is full: not one more page than the file has now. */
const fillDisk = (r: Room) => sqliteOf(r).pragma(`max_page_count = ${sqliteOf(r).pragma('page_count', { simple: true }) as number}`);
const freeDisk = (r: Room) => sqliteOf(r).pragma('max_page_count = 1073741823');

/**
 * Makes every statement matching `pattern` fail the way a failing disk does: a real
 * SqliteError with SQLITE_IOERR_WRITE, raised when the statement runs.
 */
function ioErrorOn(r: Room, pattern: RegExp, opts: { skip?: number } = {}) {
  const sqlite = sqliteOf(r);
  const prepare = sqlite.prepare.bind(sqlite);
  let seen = 0;
  const spy = vi.spyOn(sqlite, 'prepare').mockImplementation(((source: string) => {
    const stmt = prepare(source);
    if (!pattern.test(source) || seen++ < (opts.skip ?? 0)) return stmt;
    const fail = () => {
      throw new Database.SqliteError('disk I/O error', 'SQLITE_IOERR_WRITE');
    };
    return new Proxy(stmt, { get: (target, key) => (key === 'run' || key === 'all' || key === 'get' ? fail : Reflect.get(target, key, target)) });
  }) as typeof sqlite.prepare);
  return { restore: () => spy.mockRestore() };
}

async function closeAndVerify(r: Room, itemId: string) {
  const closed = await r.call('POST', `/api/items/${itemId}/close`, { as: r.presiding });
  expect(closed.status, JSON.stringify(closed.body)).toBe(200);
  const report = verifyRecord(await buildRecord(r.t.deps, r.m.meetingId));
  expect(report.firstFailure).toBeUndefined();
  return report;
}

describe('disk full', () => {
  it('a ballot that cannot be stored gets 503 and no receipt; the same ballot is accepted once there is room', async () => {
    room = await roomOnDisk();
    const r = room;
    const item = r.m.items[0]!;
    await openItem(r, item.id);
    const tokens: Token[] = [];
    for (const m of r.members) tokens.push(await m.requestToken(item.id));
    const ballots = tokens.map((tk) => TabletClient.ballot(tk, { [item.nomineeIds[0]!]: 'approve' }));
    fillDisk(r);
    // Some ballots still fit in pages the file already has; the disk is full within 11.
    let full: { ballot: SignedBallot; index: number } | undefined;
    for (const [index, ballot] of ballots.entries()) {
      const before = count(r, 'SELECT count(*) AS n FROM ballots');
      const res = await castVia(r, ballot);
      if (res.status === 201) continue;
      expect(res.status).toBe(503);
      expect(res.body.code).toBe('storage_unavailable');
      expect(res.body.receipt).toBeUndefined();
      expect(count(r, 'SELECT count(*) AS n FROM ballots')).toBe(before);
      full = { ballot, index };
      break;
    }
    expect(full, 'the disk never filled').toBeDefined();
    expect(integrity(r)).toBe('ok');
    freeDisk(r);
    const retry = await castVia(r, full!.ballot);
    expect(retry.status).toBe(201);
    for (const b of ballots.slice(full!.index + 1)) expect((await castVia(r, b)).status).toBe(201);
    const report = await closeAndVerify(r, item.id);
    expect(report.counts.ballots).toBe(11);
  });

  it('a close that cannot be written changes nothing in the log; the vote stays shut to ballots and closes once there is room', async () => {
    room = await roomOnDisk();
    const r = room;
    const item = r.m.items[0]!;
    await openItem(r, item.id);
    for (const m of r.members.slice(0, 9)) await m.vote(item.id, { [item.nomineeIds[0]!]: 'approve' });
    const late = await r.members[9]!.requestToken(item.id);
    const logBefore = count(r, 'SELECT count(*) AS n FROM log_entries');
    fillDisk(r);
    const closed = await r.call('POST', `/api/items/${item.id}/close`, { as: r.presiding });
    expect(closed.status).toBe(503);
    expect(closed.body.code).toBe('storage_unavailable');
    expect(count(r, 'SELECT count(*) AS n FROM log_entries')).toBe(logBefore);
    expect(integrity(r)).toBe('ok');
    freeDisk(r);
    // Closing began: no ballot gets in after the officer pressed close.
    expect((await castVia(r, TabletClient.ballot(late, { [item.nomineeIds[0]!]: 'approve' }))).status).toBe(409);
    const report = await closeAndVerify(r, item.id);
    expect(report.counts).toMatchObject({ ballots: 9, tokensIssued: 10 });
  });

});

describe('I/O errors', () => {
  it('a token that cannot be recorded is not handed out', async () => {
    room = await roomOnDisk();
    const r = room;
    const item = r.m.items[0]!;
    await openItem(r, item.id);
    const failing = ioErrorOn(r, /insert into "?tokens"?/i);
    await expect(r.members[0]!.requestToken(item.id)).rejects.toMatchObject({ status: 503 });
    failing.restore();
    expect(count(r, 'SELECT count(*) AS n FROM tokens')).toBe(0);
    expect(integrity(r)).toBe('ok');
    await r.members[0]!.vote(item.id, { [item.nomineeIds[0]!]: 'approve' });
  });
  it('an I/O error on a ballot write answers 503 with no receipt; a resend afterwards is stored', async () => {
    room = await roomOnDisk(5);
    const r = room;
    const item = r.m.items[0]!;
    await openItem(r, item.id);
    const ballot = TabletClient.ballot(await r.members[0]!.requestToken(item.id), { [item.nomineeIds[0]!]: 'approve' });
    const failing = ioErrorOn(r, /insert into "?ballots"?/i);
    const res = await castVia(r, ballot);
    failing.restore();
    expect(res.status).toBe(503);
    expect(res.body.receipt).toBeUndefined();
    expect(count(r, 'SELECT count(*) AS n FROM ballots')).toBe(0);
    expect(integrity(r)).toBe('ok');
    expect((await castVia(r, ballot)).status).toBe(201);
  });

  it('an I/O error in the middle of a close rolls the whole close back (one transaction); a retry closes', async () => {
    room = await roomOnDisk(7);
    const r = room;
    const item = r.m.items[0]!;
    await openItem(r, item.id);
    for (const m of r.members.slice(0, 6)) await m.vote(item.id, { [item.nomineeIds[0]!]: 'approve' });
    const logBefore = count(r, 'SELECT count(*) AS n FROM log_entries');
    // The fourth log entry of the close fails: three are already written inside the transaction.
    const failing = ioErrorOn(r, /insert into "log_entries"/i, { skip: 3 });
    const closed = await r.call('POST', `/api/items/${item.id}/close`, { as: r.presiding });
    failing.restore();
    expect(closed.status).toBe(503);
    expect(count(r, 'SELECT count(*) AS n FROM log_entries')).toBe(logBefore);
    expect(count(r, "SELECT count(*) AS n FROM votes WHERE status = 'closed'")).toBe(0);
    expect(integrity(r)).toBe('ok');
    const report = await closeAndVerify(r, item.id);
    expect(report.counts.ballots).toBe(6);
  });

  it('a read-only database refuses writes with 503 and serves again when writable', async () => {
    room = await roomOnDisk(5);
    const r = room;
    const item = r.m.items[0]!;
    sqliteOf(r).pragma('query_only = ON');
    const opened = await r.call('POST', `/api/items/${item.id}/open`, { as: r.presiding });
    expect(opened.status).toBe(503);
    expect((await r.call('GET', `/api/items/${item.id}/progress`)).status).toBe(200);
    sqliteOf(r).pragma('query_only = OFF');
    await openItem(r, item.id);
    await r.members[0]!.vote(item.id, { [item.nomineeIds[0]!]: 'approve' });
  });

  it('an I/O error after the close committed but before its checkpoint: the retry signs it, so the tally is sealed', async () => {
    room = await roomOnDisk(7);
    const r = room;
    const item = r.m.items[0]!;
    await openItem(r, item.id);
    for (const m of r.members.slice(0, 6)) await m.vote(item.id, { [item.nomineeIds[0]!]: 'approve' });
    const failing = ioErrorOn(r, /insert into "checkpoints"/i);
    const closed = await r.call('POST', `/api/items/${item.id}/close`, { as: r.presiding });
    failing.restore();
    expect(closed.status).toBe(503);
    expect(integrity(r)).toBe('ok');
    // The officer retries, as the 503 tells them to: the close completes with its checkpoint.
    const again = await r.call('POST', `/api/items/${item.id}/close`, { as: r.presiding });
    expect(again.status, JSON.stringify(again.body)).toBe(200);
    expect(again.body.checkpoint.size).toBe(count(r, 'SELECT count(*) AS n FROM log_entries'));
    expect(again.body.result.A.nominees[0]).toMatchObject({ approve: 6 });
    const report = verifyRecord(await buildRecord(r.t.deps, r.m.meetingId));
    expect(report.ok).toBe(true);
    expect(report.counts.ballots).toBe(6);
    // And only once: a third close has nothing left to do.
    expect((await r.call('POST', `/api/items/${item.id}/close`, { as: r.presiding })).status).toBe(409);
  });
});
