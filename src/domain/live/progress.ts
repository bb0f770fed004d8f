import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { ballots, tokens } from '../../db/schema';
import type { AppDeps } from '../../deps';
import { hubFor } from '../../events/hub';
import { currentVote, loadItem, loadVote, parseIds, type VoteRow } from './load';
import type { EventHub } from '../../events/hub';

/** R11: while a vote is open, only "n of m cast" — these five numbers and nothing else. */
export interface Progress {
  round: number;
  status: string;
  cast: number;
  issued: number;
  present: number;
}

/**
 * Tokens issued and ballots cast. While the vote is open (or closing) they are counted in the
 * ballot box; a close deletes those rows (ballot-box.ts), so a closed vote's counts are read
 * from its result, which the close wrote in the same write.
 */
export async function voteCounts(db: Db, vote: Pick<VoteRow, 'itemId' | 'round' | 'purpose' | 'status' | 'result'>) {
  if (vote.status === 'closed' && vote.result) return countsOfResult(vote.result);
  const where = (t: typeof tokens | typeof ballots) =>
    and(eq(t.itemId, vote.itemId), eq(t.round, vote.round), eq(t.purpose, vote.purpose));
  const [issued] = await db.select({ n: sql<number>`count(*)` }).from(tokens).where(where(tokens));
  const [cast] = await db.select({ n: sql<number>`count(*)` }).from(ballots).where(where(ballots));
  return { issued: Number(issued?.n ?? 0), cast: Number(cast?.n ?? 0) };
}

/** A vote's tally (A and B) or a motion's result, as close-item.ts writes them. */
function countsOfResult(json: string): { issued: number; cast: number } {
  const r = JSON.parse(json) as { A?: { issued: number; cast: number }; B?: { issued: number; cast: number }; motion?: { issued: number; cast: number } };
  if (r.motion) return { issued: r.motion.issued, cast: r.motion.cast };
  return { issued: (r.A?.issued ?? 0) + (r.B?.issued ?? 0), cast: (r.A?.cast ?? 0) + (r.B?.cast ?? 0) };
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

/**
 * At most one progress event per vote per PROGRESS_INTERVAL_MS. Every open stream (the console,
 * the projector and each tablet) answers an event by fetching the state, so an event per cast
 * in a 200-tablet burst would be 200 × 200 state requests; coalesced it is a few a second. The
 * first cast after a quiet spell is published at once; later ones within the interval are
 * folded into one trailing event with the counts of its own moment.
 */
export const PROGRESS_INTERVAL_MS = 250;

interface Pending {
  dirty: boolean;
}
const pendingByHub = new WeakMap<EventHub, Map<string, Pending>>();

export async function publishProgress(deps: AppDeps, vote: VoteRow): Promise<void> {
  const hub = hubFor(deps);
  if (hub.subscriberCount(vote.meetingId) === 0) return;
  let pending = pendingByHub.get(hub);
  if (!pending) pendingByHub.set(hub, (pending = new Map()));
  const key = `${vote.itemId}/${vote.round}/${vote.purpose}`;
  const waiting = pending.get(key);
  if (waiting) {
    waiting.dirty = true;
    return;
  }
  const state: Pending = { dirty: false };
  pending.set(key, state);
  const quietPeriod = () => {
    const timer = setTimeout(() => {
      if (!state.dirty) {
        pending.delete(key);
        return;
      }
      state.dirty = false;
      void publishNow(deps, hub, vote).catch(() => {}).finally(quietPeriod);
    }, PROGRESS_INTERVAL_MS);
    // Never keeps a process alive (Node); Workers have no streams, so they never get here.
    (timer as { unref?: () => void }).unref?.();
  };
  // A live event is a hint (streams also poll): failing to send one must not fail the cast or
  // token request that has already been stored.
  await publishNow(deps, hub, vote).catch(() => {});
  quietPeriod();
}

/** The vote's counts as they are now; nothing once it has closed (item-closed says the rest). */
async function publishNow(deps: AppDeps, hub: EventHub, vote: VoteRow): Promise<void> {
  const now = await loadVote(deps.db, vote.itemId, vote.round, vote.purpose);
  if (!now || now.status !== 'open') return;
  const p = voteProgress(now, await voteCounts(deps.db, now));
  hub.publish(vote.meetingId, { type: 'progress', data: { item: vote.itemId, purpose: vote.purpose, ...p } });
}
