import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { ballots, tokens } from '../../db/schema';
import type { AppDeps } from '../../deps';
import { hubFor } from '../../events/hub';
import { currentVote, loadItem, parseIds, type VoteRow } from './load';

/** R11: while a vote is open, only "n of m cast" — these five numbers and nothing else. */
export interface Progress {
  round: number;
  status: string;
  cast: number;
  issued: number;
  present: number;
}

export async function voteCounts(db: Db, vote: Pick<VoteRow, 'itemId' | 'round' | 'purpose'>) {
  const where = (t: typeof tokens | typeof ballots) =>
    and(eq(t.itemId, vote.itemId), eq(t.round, vote.round), eq(t.purpose, vote.purpose));
  const [issued] = await db.select({ n: sql<number>`count(*)` }).from(tokens).where(where(tokens));
  const [cast] = await db.select({ n: sql<number>`count(*)` }).from(ballots).where(where(ballots));
  return { issued: Number(issued?.n ?? 0), cast: Number(cast?.n ?? 0) };
}

export function voteProgress(vote: VoteRow, counts: { issued: number; cast: number }): Progress {
  const present = parseIds(vote.presentMembers).length + parseIds(vote.presentObservers).length;
  const status = vote.purpose === 'motion' ? `motion-${vote.status}` : vote.status;
  return { round: vote.round, status, cast: counts.cast, issued: counts.issued, present };
}

/** Progress of the item's current vote (its open motion, if one is open). */
export async function itemProgress(deps: AppDeps, itemId: string): Promise<Progress> {
  const item = await loadItem(deps.db, itemId);
  const vote = await currentVote(deps.db, item);
  if (!vote) return { round: item.round, status: item.status, cast: 0, issued: 0, present: 0 };
  const p = voteProgress(vote, await voteCounts(deps.db, vote));
  // Before close the vote's own status; afterwards the item's (closed / announced).
  return vote.purpose === 'vote' && vote.status === 'closed' ? { ...p, status: item.status } : p;
}

export async function publishProgress(deps: AppDeps, vote: VoteRow): Promise<void> {
  const hub = hubFor(deps);
  if (hub.subscriberCount(vote.meetingId) === 0) return;
  const p = voteProgress(vote, await voteCounts(deps.db, vote));
  hub.publish(vote.meetingId, { type: 'progress', data: { item: vote.itemId, purpose: vote.purpose, ...p } });
}
