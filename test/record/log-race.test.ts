import { afterEach, expect, it } from 'vitest';
import { AppError } from '../../src/errors';
import { commitMeetingChange, prepareEntry } from '../../src/record/log';
import { makeTestApp, type TestApp } from '../support/app';

let t: TestApp;
afterEach(() => t?.close());

it('treats a racer tripping the leaf-hash index like an index race: rebuilt, then 409, never a raw 500', async () => {
  t = makeTestApp();
  const sqlite = t.handle.sqlite;
  sqlite.prepare("INSERT INTO committees (id, name, time_zone, bar_rule, created_at) VALUES ('cmt_1', 'c', 'Asia/Shanghai', 'disapprove-half', 0)").run();
  sqlite.prepare("INSERT INTO meetings (id, committee_id, date, title, status, created_at) VALUES ('mtg_1', 'cmt_1', '2026-03-02', 'm', 'open', 0)").run();
  const entry = { type: 'postpone', item: 'itm_1', reason: 'race' };
  const prepared = prepareEntry(entry);
  // The same entry already stands further along the log, so only the leaf-hash index objects.
  sqlite
    .prepare('INSERT INTO log_entries (meeting_id, idx, type, entry, leaf_hash) VALUES (?, ?, ?, ?, ?)')
    .run('mtg_1', 7, prepared.type, prepared.entry, prepared.leafHash);
  let builds = 0;
  const attempt = commitMeetingChange(t.deps.db, 'mtg_1', async () => {
    builds++;
    return { entries: [entry], value: null };
  });
  await expect(attempt).rejects.toBeInstanceOf(AppError);
  await expect(attempt).rejects.toMatchObject({ code: 'conflict' });
  expect(builds).toBeGreaterThan(1);
});
