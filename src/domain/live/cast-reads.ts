/**
 * The reads every cast makes, prepared once per database (issue 16, point 4: server CPU per
 * accepted ballot). drizzle's query builder assembles and compiles the SQL text on each call,
 * about 0.1 ms a read on the bench machine; a cast reads five times, so a 200-tablet burst paid
 * more for building queries than for its durable write. A prepared query keeps its SQL text
 * (and, on better-sqlite3, the compiled statement) and only binds the values. The reads and their
 * answers are those of load.ts and ballot-box.ts, which other verbs keep using.
 *
 * Kept per Db (a WeakMap), so a test's or a Worker invocation's database gets its own.
 */
import { and, asc, eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { ballots, itemNominees, items, spentBallotKeys, votes, type VotePurpose } from '../../db/schema';
import { AppError } from '../../errors';
import type { ItemRow, VoteRow } from './load';

const p = <T>(name: string) => sql.placeholder(name) as unknown as T;

function prepare(db: Db) {
  return {
    item: db.select().from(items).where(eq(items.id, p<string>('itemId'))).prepare(),
    vote: db
      .select()
      .from(votes)
      .where(and(eq(votes.itemId, p<string>('itemId')), eq(votes.round, p<number>('round')), eq(votes.purpose, p<VotePurpose>('purpose'))))
      .prepare(),
    nomineeIds: db
      .select({ id: itemNominees.nomineeId })
      .from(itemNominees)
      .where(eq(itemNominees.itemId, p<string>('itemId')))
      .orderBy(asc(itemNominees.position), asc(itemNominees.nomineeId))
      .prepare(),
    boxed: db
      .select({ sealed: ballots.sealed, itemId: ballots.itemId, round: ballots.round, purpose: ballots.purpose })
      .from(ballots)
      .where(eq(ballots.rowKey, p<string>('rowKey')))
      .prepare(),
    spent: db
      .select({ pk: spentBallotKeys.ballotPk })
      .from(spentBallotKeys)
      .where(and(eq(spentBallotKeys.meetingId, p<string>('meetingId')), eq(spentBallotKeys.ballotPk, p<string>('ballotPk'))))
      .prepare(),
  };
}

const prepared = new WeakMap<Db, ReturnType<typeof prepare>>();

export function castReads(db: Db): ReturnType<typeof prepare> {
  let reads = prepared.get(db);
  if (!reads) prepared.set(db, (reads = prepare(db)));
  return reads;
}

/** loadItem's answer (not_found when there is no such item). */
export async function castItem(db: Db, itemId: string): Promise<ItemRow> {
  const [row] = await castReads(db).item.all({ itemId });
  if (!row) throw new AppError('not_found', 'No such item');
  return row;
}

/** loadVote's answer. */
export async function castVote(db: Db, itemId: string, round: number, purpose: VotePurpose): Promise<VoteRow | null> {
  const [row] = await castReads(db).vote.all({ itemId, round, purpose });
  return row ?? null;
}

/** The item's nominee ids in ballot order (loadItemNominees' order, without the names). */
export async function castNomineeIds(db: Db, itemId: string): Promise<string[]> {
  return (await castReads(db).nomineeIds.all({ itemId })).map((r) => r.id);
}
