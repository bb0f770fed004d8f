/**
 * Backups while voting goes on, and restores that verify (issue 9, "Backups"): the CLI through
 * the real dispatcher, against the service's database file on disk.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main';
import { verifyStoredRecords } from '../../src/domain/record/verify-stored';
import { openSqlite } from '../../src/db/sqlite';
import { makeTestApp } from '../support/app';
import { TabletClient } from '../support/tablet';
import { openItem, openRoom, type Room } from '../security/fixture';

let dir: string;
let room: Room | undefined;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'sealvote-backup-'));
});
afterEach(() => {
  room?.t.close();
  room = undefined;
  rmSync(dir, { recursive: true, force: true });
});

async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (d) => (out += String(d)));
  stderr.on('data', (d) => (err += String(d)));
  const code = await main(argv, { stdin: new PassThrough(), stdout, stderr, env: { SEALVOTE_DB: join(dir, 'live.sqlite') } });
  return { code, out, err };
}

const ballotCount = (path: string) => {
  const db = new Database(path, { readonly: true });
  try {
    return (db.prepare('SELECT count(*) AS n FROM ballots').get() as { n: number }).n;
  } finally {
    db.close();
  }
};

/** A meeting on a database file; item 1 decided, item 2 open with `cast` ballots in. */
async function meetingOnDisk(): Promise<Room> {
  const t = makeTestApp({ path: join(dir, 'live.sqlite') });
  const r = await openRoom({ t, members: 9, observers: 0, items: [{ nominees: 1 }, { nominees: 1 }] });
  const [a] = r.m.items;
  await openItem(r, a!.id);
  for (const m of r.members.slice(0, 7)) await m.vote(a!.id, { [a!.nomineeIds[0]!]: 'approve' });
  expect((await r.call('POST', `/api/items/${a!.id}/close`, { as: r.presiding })).status).toBe(200);
  return r;
}

describe('sealvote backup and restore', () => {
  it('backs up while ballots keep arriving; the restored copy verifies and holds a prefix of the votes', async () => {
    room = await meetingOnDisk();
    const r = room;
    const b = r.m.items[1]!;
    await openItem(r, b.id);
    const tokens = await Promise.all(r.members.map((m) => m.requestToken(b.id)));
    const casting = tokens.map((tk, i) => TabletClient.cast(async (p, init) => r.t.app.request(p, init), TabletClient.ballot(tk, { [b.nomineeIds[0]!]: i % 3 === 0 ? 'disapprove' : 'approve' })));
    const backup = join(dir, 'during.sqlite');
    const [done] = await Promise.all([cli('backup', backup), ...casting.slice(0, 4)]);
    await Promise.all(casting.slice(4));
    expect(done.code, done.err).toBe(0);
    expect(done.out).toMatch(/integrity ok/);
    expect(statSync(backup).mode & 0o777).toBe(0o600);
    expect(existsSync(backup + '-wal')).toBe(false);
    // Voting went on: the live ballot box has every ballot of the open vote, the copy some
    // prefix of them (the first item's ballots left the box for the log when it closed).
    expect(ballotCount(join(dir, 'live.sqlite'))).toBe(9);
    expect(ballotCount(backup)).toBeGreaterThanOrEqual(0);
    expect(ballotCount(backup)).toBeLessThanOrEqual(9);
    const liveRoot = (r.t.handle.sqlite.prepare('SELECT root_hash FROM checkpoints WHERE meeting_id = ? ORDER BY size DESC LIMIT 1').get(r.m.meetingId) as { root_hash: string }).root_hash;

    const restored = join(dir, 'restored.sqlite');
    const res = await cli('restore', backup, '--db', restored);
    expect(res.code, res.out + res.err).toBe(0);
    expect(res.out).toContain(`${r.m.meetingId}: `);
    expect(res.out).toContain('1 of 1 meeting records verify');
    // The restored record is the one the service had signed: same tally hash so far.
    const handle = openSqlite(restored);
    try {
      const [check] = await verifyStoredRecords(handle.db);
      expect(check).toMatchObject({ meeting: r.m.meetingId, ok: true, tallyHash: liveRoot });
    } finally {
      handle.close();
    }
    // The restored database serves again: the service can be started on it.
    const again = makeTestApp({ path: restored });
    try {
      const state = await again.app.request(`/api/meetings/${r.m.meetingId}/state`);
      expect(state.status).toBe(200);
    } finally {
      again.close();
    }
  });

  it('never overwrites: an existing backup file, or a live database without --force', async () => {
    room = await meetingOnDisk();
    const existing = join(dir, 'taken.sqlite');
    writeFileSync(existing, 'keep me');
    const refused = await cli('backup', existing);
    expect(refused.code).toBe(1);
    expect(readFileSync(existing, 'utf8')).toBe('keep me');
    const good = join(dir, 'good.sqlite');
    expect((await cli('backup', good)).code).toBe(0);
    const onto = await cli('restore', good, '--db', existing);
    expect(onto.code).toBe(2);
    expect(readFileSync(existing, 'utf8')).toBe('keep me');
    const forced = await cli('restore', good, '--db', existing, '--force');
    expect(forced.code, forced.err).toBe(0);
  });

  it('refuses to restore a file that is not a sound sealvote database', async () => {
    const junk = join(dir, 'junk.sqlite');
    writeFileSync(junk, 'SQLite format 3\u0000' + 'x'.repeat(5000));
    const other = join(dir, 'other.sqlite');
    new Database(other).exec('CREATE TABLE t (x)');
    for (const bad of [junk, other, join(dir, 'missing.sqlite')]) {
      const res = await cli('restore', bad, '--db', join(dir, 'target.sqlite'));
      expect(res.code, bad).toBe(2);
      expect(existsSync(join(dir, 'target.sqlite'))).toBe(false);
    }
  });

  it('reports a restored record that no longer verifies (a ballot changed in the backup)', async () => {
    room = await meetingOnDisk();
    const backup = join(dir, 'b.sqlite');
    expect((await cli('backup', backup)).code).toBe(0);
    const db = new Database(backup);
    const row = db.prepare("SELECT idx, entry FROM log_entries WHERE entry LIKE '%\"approve\"%' LIMIT 1").get() as { idx: number; entry: string };
    db.prepare('UPDATE log_entries SET entry = ? WHERE meeting_id = ? AND idx = ?').run(row.entry.replace('"approve"', '"disapprove"'), room.m.meetingId, row.idx);
    db.close();
    const res = await cli('restore', backup, '--db', join(dir, 'r.sqlite'));
    expect(res.code).toBe(1);
    expect(res.out).toMatch(/FAILS/);
  });
});
