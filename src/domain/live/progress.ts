import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { ballots, tokens } from '../../db/schema';
import type { AppDeps } from '../../deps';
import { hubFor } from '../../events/hub';
import { currentVote, loadItem, loadVote, parseIds, type VoteRow } from './load';
import type { EventHub } from '../../events/hub';

/** "n of m" for one class of ballot: A (members, deciding) or B (observers, for reference). */
export interface ClassProgress {
  cast: number;
  issued: number;
  present: number;
}

/**
 * R11: while a vote is open, only "n of m cast" — the totals, and the same numbers for A and B
 * apart (R4: the presiding officer compares A with the members present, not with everyone).
 */
export interface Progress extends ClassProgress {
  round: number;
  status: string;
  classes: { A: ClassProgress; B: ClassProgress };
}

export interface VoteCounts {
  issued: number;
  cast: number;
  classes: { A: { issued: number; cast: number }; B: { issued: number; cast: number } };
}

const withTotals = (classes: VoteCounts['classes']): VoteCounts => ({
  issued: classes.A.issued + classes.B.issued,
  cast: classes.A.cast + classes.B.cast,
  classes,
});

/**
 * Tokens issued and ballots cast, A and B apart. While the vote is open (or closing) they are
 * counted in the ballot box; a close deletes those rows (ballot-box.ts), so a closed vote's
 * counts are read from its result, which the close wrote in the same write.
 */
export async function voteCounts(db: Db, vote: Pick<VoteRow, 'itemId' | 'round' | 'purpose' | 'status' | 'result'>): Promise<VoteCounts> {
  if (vote.status === 'closed' && vote.result) return countsOfResult(vote.result);
  const where = (t: typeof tokens | typeof ballots) =>
    and(eq(t.itemId, vote.itemId), eq(t.round, vote.round), eq(t.purpose, vote.purpose));
  const issued = await db.select({ class: tokens.class, n: sql<number>`count(*)` }).from(tokens).where(where(tokens)).groupBy(tokens.class);
  const cast = await db.select({ class: ballots.class, n: sql<number>`count(*)` }).from(ballots).where(where(ballots)).groupBy(ballots.class);
  const of = (rows: Array<{ class: 'A' | 'B'; n: number }>, k: 'A' | 'B') => Number(rows.find((r) => r.class === k)?.n ?? 0);
  return withTotals({ A: { issued: of(issued, 'A'), cast: of(cast, 'A') }, B: { issued: of(issued, 'B'), cast: of(cast, 'B') } });
}

/** A vote's tally (A and B) or a motion's result (members only: A), as close-item.ts writes them. */
function countsOfResult(json: string): VoteCounts {
  const r = JSON.parse(json) as { A?: { issued: number; cast: number }; B?: { issued: number; cast: number }; motion?: { issued: number; cast: number } };
  const none = { issued: 0, cast: 0 };
  if (r.motion) return withTotals({ A: { issued: r.motion.issued, cast: r.motion.cast }, B: none });
  return withTotals({ A: { issued: r.A?.issued ?? 0, cast: r.A?.cast ?? 0 }, B: { issued: r.B?.issued ?? 0, cast: r.B?.cast ?? 0 } });
}

export function voteProgress(vote: VoteRow, counts: VoteCounts): Progress {
  const presentA = parseIds(vote.presentMembers).length;
  const presentB = parseIds(vote.presentObservers).length;
  const status = vote.purpose === 'motion' ? `motion-${vote.status}` : vote.status;
  return {
    round: vote.round,
    status,
    cast: counts.cast,
    issued: counts.issued,
    present: presentA + presentB,
    classes: { A: { ...counts.classes.A, present: presentA }, B: { ...counts.classes.B, present: presentB } },
  };
}

/** Progress of the item's current vote (its open motion, if one is open). */
export async function itemProgress(deps: AppDeps, itemId: string): Promise<Progress> {
  const item = await loadItem(deps.db, itemId);
  const vote = await currentVote(deps.db, item);
  if (!vote) {
    const none = { cast: 0, issued: 0, present: 0 };
    return { round: item.round, status: item.status, ...none, classes: { A: none, B: none } };
  }
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
