import { and, eq, is, sql } from 'drizzle-orm';
import { getTableConfig, SQLiteTable } from 'drizzle-orm/sqlite-core';
import { describe, expect, it } from 'vitest';
import { writeAtomically } from '../../src/db/atomic';
import type { Db } from '../../src/db/client';
import * as schema from '../../src/db/schema';
import { ballots, committees, items, logEntries, meetings, persons, posts, slips, tokens } from '../../src/db/schema';
import { newId } from '../../src/ids';

/**
 * The database contract: what the domain relies on from storage, run on both drivers —
 * better-sqlite3 under Node (contract.sqlite.test.ts) and D1 inside workerd
 * (test/worker/contract.d1.test.ts). D1 has no interactive transactions (design.md "Storage and
 * atomicity"), so every rule here is one statement or one batch, never a read then a write.
 *
 * `openDb` gives a migrated database. On D1 every test shares one database, so each test makes
 * its own rows with fresh ids and counts only those.
 */
export function describeDbContract(driver: string, openDb: () => Db | Promise<Db>): void {
  /** Concurrent attempts per race: enough to interleave on D1, small enough to stay quick. */
  const RACERS = 8;

  describe(`database contract on ${driver}`, () => {
    it('applies every migration: each schema table exists with each of its columns', async () => {
      const db = await openDb();
      const tables = (Object.values(schema) as unknown[]).filter((v): v is SQLiteTable => is(v, SQLiteTable));
      expect(tables.length).toBeGreaterThan(5);
      for (const table of tables) {
        const { name, columns } = getTableConfig(table);
        const stored = await db.all<{ name: string }>(sql`SELECT name FROM pragma_table_info(${name})`);
        expect(stored.map((c) => c.name).sort(), name).toEqual(columns.map((c) => c.name).sort());
      }
    });

    it('keeps ballots, tokens and spent ballot keys WITHOUT ROWID, so storage holds no order of arrival or issuance (R7)', async () => {
      const db = await openDb();
      for (const table of ['ballots', 'tokens', 'spent_ballot_keys']) {
        const [row] = await db.all<{ sql: string }>(sql`SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ${table}`);
        expect(row?.sql, table).toMatch(/WITHOUT ROWID/i);
      }
    });

    it('enforces foreign keys', async () => {
      const db = await openDb();
      const orphan = db.insert(posts).values({ id: newId('pst'), committeeId: 'cmt_none', unit: 'u', title: 't', createdAt: 1 });
      await expectConstraintFailure(orphan);
    });

    it('writeAtomically lands every statement, and returns rows for those with RETURNING', async () => {
      const db = await openDb();
      const a = newId('cmt');
      const b = newId('cmt');
      const results = await writeAtomically(db, [
        db.insert(committees).values(committeeRow(a)),
        db.insert(committees).values(committeeRow(b)).returning({ id: committees.id }),
      ]);
      expect(results).toHaveLength(2);
      expect(results[1]).toEqual([{ id: b }]);
      expect(await countCommittees(db, [a, b])).toBe(2);
    });

    it('writeAtomically is all-or-nothing: a failing second statement leaves the first unwritten', async () => {
      const db = await openDb();
      const first = newId('cmt');
      const taken = newId('cmt');
      await db.insert(committees).values(committeeRow(taken));
      const attempt = writeAtomically(db, [
        db.insert(committees).values(committeeRow(first)),
        db.insert(committees).values(committeeRow(taken)), // primary key already used
      ]);
      await expectConstraintFailure(attempt);
      expect(await countCommittees(db, [first])).toBe(0);
    });

    it('a conditional UPDATE ... WHERE status ... RETURNING wins exactly once among concurrent attempts', async () => {
      const db = await openDb();
      const { itemId } = await seedMeeting(db);
      const attempts = Array.from({ length: RACERS }, () =>
        db.update(items).set({ status: 'open' }).where(and(eq(items.id, itemId), eq(items.status, 'pending'))).returning({ id: items.id }),
      );
      const results = await Promise.all(attempts);
      expect(results.filter((rows) => rows.length === 1)).toHaveLength(1);
      expect(results.filter((rows) => rows.length === 0)).toHaveLength(RACERS - 1);
      const [item] = await db.select({ status: items.status }).from(items).where(eq(items.id, itemId));
      expect(item?.status).toBe('open');
    });

    it('INSERT ... ON CONFLICT DO NOTHING RETURNING gives one winner among concurrent inserts (one token a person a vote)', async () => {
      const db = await openDb();
      const { meetingId, itemId, personIds } = await seedMeeting(db);
      const personId = personIds[0]!;
      const attempts = Array.from({ length: RACERS }, (_, i) =>
        db
          .insert(tokens)
          .values({ itemId, round: 1, purpose: 'vote', personId, meetingId, class: 'A', blindedHash: `blinded-${i}` })
          .onConflictDoNothing()
          .returning({ blindedHash: tokens.blindedHash }),
      );
      const results = await Promise.all(attempts);
      const winners = results.filter((rows) => rows.length === 1);
      expect(winners).toHaveLength(1);
      const stored = await db.select({ blindedHash: tokens.blindedHash }).from(tokens).where(and(eq(tokens.itemId, itemId), eq(tokens.personId, personId)));
      expect(stored).toEqual(winners[0]);
    });

    it('one ballot per ballot key: concurrent casts under one key store one ballot, and a plain INSERT of a second is refused', async () => {
      const db = await openDb();
      const { meetingId, itemId } = await seedMeeting(db);
      const rowKey = newId('row');
      const row = (n: number) => ({ rowKey, meetingId, itemId, round: 1, purpose: 'vote' as const, class: 'A' as const, sealed: `sealed ${n}` });
      const results = await Promise.all(
        Array.from({ length: RACERS }, (_, i) => db.insert(ballots).values(row(i)).onConflictDoNothing().returning({ sealed: ballots.sealed })),
      );
      expect(results.filter((rows) => rows.length === 1)).toHaveLength(1);
      await expectConstraintFailure(db.insert(ballots).values(row(RACERS)));
      expect(await db.select().from(ballots).where(eq(ballots.rowKey, rowKey))).toHaveLength(1);
    });

    it('a write conditioned on state inside the statement loses to a close that came first', async () => {
      const db = await openDb();
      const { meetingId, itemId, personIds } = await seedMeeting(db);
      await db.update(items).set({ status: 'open' }).where(eq(items.id, itemId));
      // Issue a token only while the item is open: the check is part of the INSERT itself.
      const issue = (personId: string) =>
        db.all<{ person_id: string }>(sql`
          INSERT INTO tokens (item_id, round, purpose, person_id, meeting_id, class, blinded_hash)
          SELECT ${itemId}, 1, 'vote', ${personId}, ${meetingId}, 'A', ${`h-${personId}`}
          WHERE EXISTS (SELECT 1 FROM items WHERE id = ${itemId} AND status = 'open')
          ON CONFLICT DO NOTHING
          RETURNING person_id`);
      expect(await issue(personIds[0]!)).toHaveLength(1);
      await db.update(items).set({ status: 'closed' }).where(and(eq(items.id, itemId), eq(items.status, 'open')));
      expect(await issue(personIds[1]!)).toHaveLength(0);
      const issued = await db.select().from(tokens).where(eq(tokens.itemId, itemId));
      expect(issued.map((t) => t.personId)).toEqual([personIds[0]]);
    });

    it('log appends at idx = size: concurrent appends fill 0..n-1 with no gap, and a duplicate index is refused', async () => {
      const db = await openDb();
      const { meetingId } = await seedMeeting(db);
      // The size is read inside the INSERT, so each append is one atomic statement on both drivers.
      const append = (n: number) =>
        db.all<{ idx: number }>(sql`
          INSERT INTO log_entries (meeting_id, idx, type, entry, leaf_hash)
          SELECT ${meetingId}, (SELECT count(*) FROM log_entries WHERE meeting_id = ${meetingId}), 'test', ${`entry ${n}`}, ${`leaf-${n}`}
          RETURNING idx`);
      const results = await Promise.all(Array.from({ length: RACERS }, (_, n) => append(n)));
      expect(results.map((rows) => rows[0]!.idx).sort((x, y) => x - y)).toEqual(Array.from({ length: RACERS }, (_, i) => i));

      const duplicate = db.insert(logEntries).values({ meetingId, idx: 0, type: 'test', entry: 'late', leafHash: 'leaf-late' });
      await expectConstraintFailure(duplicate);
      const stored = await db.select({ idx: logEntries.idx }).from(logEntries).where(eq(logEntries.meetingId, meetingId));
      expect(stored).toHaveLength(RACERS);
    });

    it('a redeemed sign-in slip cannot be redeemed twice, however many tablets try at once', async () => {
      const db = await openDb();
      const { meetingId, personIds } = await seedMeeting(db);
      const personId = personIds[0]!;
      await db.insert(slips).values({ meetingId, personId, codeHash: newId('code'), issuedAt: 1 });
      const redeem = (at: number) =>
        db
          .update(slips)
          .set({ redeemedAt: at })
          .where(and(eq(slips.meetingId, meetingId), eq(slips.personId, personId), sql`${slips.redeemedAt} IS NULL`))
          .returning({ redeemedAt: slips.redeemedAt });
      const results = await Promise.all(Array.from({ length: RACERS }, (_, i) => redeem(1000 + i)));
      expect(results.filter((rows) => rows.length === 1)).toHaveLength(1);
    });
  });
}

function committeeRow(id: string) {
  return { id, name: `committee ${id}`, createdAt: 1 };
}

async function countCommittees(db: Db, ids: string[]): Promise<number> {
  let n = 0;
  for (const id of ids) n += (await db.select({ id: committees.id }).from(committees).where(eq(committees.id, id))).length;
  return n;
}

/** A committee with a post, three members, a draft meeting and one pending item. */
async function seedMeeting(db: Db) {
  const committeeId = newId('cmt');
  const postId = newId('pst');
  const meetingId = newId('mtg');
  const itemId = newId('itm');
  const personIds = [newId('prs'), newId('prs'), newId('prs')];
  await writeAtomically(db, [
    db.insert(committees).values(committeeRow(committeeId)),
    db.insert(posts).values({ id: postId, committeeId, unit: '县交通运输局', title: '局长', createdAt: 1 }),
    db.insert(persons).values(personIds.map((id, i) => ({ id, committeeId, kind: 'member' as const, name: `member ${i}`, unit: 'u', title: 't', createdAt: 1 }))),
    db.insert(meetings).values({ id: meetingId, committeeId, date: '2026-03-02', title: 'test meeting', createdAt: 1 }),
    db.insert(items).values({ id: itemId, meetingId, position: 1, title: 'item', postId, createdAt: 1 }),
  ]);
  return { committeeId, postId, meetingId, itemId, personIds };
}

/**
 * The write is refused by a constraint. drizzle wraps the driver's error ("Failed query: ..."),
 * so the driver's own words are looked for in the message and its causes.
 */
async function expectConstraintFailure(write: PromiseLike<unknown>): Promise<void> {
  let caught: unknown;
  try {
    await write;
  } catch (err) {
    caught = err;
  }
  expect(caught, 'the write was accepted').toBeInstanceOf(Error);
  const words: string[] = [];
  for (let e: unknown = caught; e instanceof Error; e = (e as { cause?: unknown }).cause) words.push(e.message);
  expect(words.join(' | ')).toMatch(/constraint failed/i);
}
