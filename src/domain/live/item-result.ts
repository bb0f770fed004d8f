import { desc, eq } from 'drizzle-orm';
import { votes } from '../../db/schema';
import type { AppDeps } from '../../deps';
import { AppError } from '../../errors';
import type { ClassTally } from '../../record/entries';
import type { MotionResult, VoteTally } from './close-item';
import type { CommitteePolicies } from '../../rules';
import { loadCommittee, loadItem, loadItemNominees, loadMeeting } from './load';

export interface SmallGroupWarning {
  message: string;
  classes: Array<{ class: 'A' | 'B'; reason: 'single-voter' | 'unanimous'; nominees?: string[] }>;
}

export interface ItemResult extends VoteTally {
  /** `kind`: 任职 or 免职 (what "approved" means). */
  item: { id: string; title: string; status: string; round: number; kind: 'appointment' | 'removal' };
  round: number;
  announced: boolean;
  /** R10: a later round replaced this one. */
  reconsidered: boolean;
  nominees: Array<{ id: string; name: string }>;
  motion: MotionResult | null;
  /** The committee's policies (R8, R2, R3, R10) the result was decided under, for the pages to name them. */
  policies: CommitteePolicies;
  smallGroupWarning: SmallGroupWarning | null;
}

/**
 * With 7–15 voters a result can give individual choices away: one voter in a class, or every
 * voter of a class making the same choice on a nominee. The officer is told before announcing.
 */
export function smallGroupWarning(tally: Pick<VoteTally, 'A' | 'B'>): SmallGroupWarning | null {
  const classes: SmallGroupWarning['classes'] = [];
  for (const klass of ['A', 'B'] as const) {
    const t: ClassTally = tally[klass];
    if (t.cast === 0) continue;
    if (t.cast === 1) {
      classes.push({ class: klass, reason: 'single-voter' });
      continue;
    }
    const unanimous = t.nominees.filter((n) => n.approve === t.cast || n.disapprove === t.cast || n.abstain === t.cast).map((n) => n.id);
    if (unanimous.length > 0) classes.push({ class: klass, reason: 'unanimous', nominees: unanimous });
  }
  if (classes.length === 0) return null;
  const what = classes.map((c) => (c.reason === 'single-voter' ? `class ${c.class} had a single voter` : `class ${c.class} was unanimous`)).join('; ');
  return { message: `Announcing this result reveals how individuals voted: ${what}.`, classes };
}

/** The latest closed round's tally of an item (its vote, not a motion). */
export async function itemResult(deps: AppDeps, itemId: string): Promise<ItemResult> {
  const db = deps.db;
  const item = await loadItem(db, itemId);
  const all = await db.select().from(votes).where(eq(votes.itemId, itemId)).orderBy(desc(votes.round));
  const rows = all.filter((v) => v.status === 'closed');
  const vote = rows.find((v) => v.purpose === 'vote');
  if (!vote || vote.result === null) throw new AppError('conflict', 'The item has no closed vote yet');
  const motionRow = rows.find((v) => v.purpose === 'motion' && v.round === vote.round);
  const tally = JSON.parse(vote.result) as VoteTally;
  const names = new Map((await loadItemNominees(db, itemId)).map((n) => [n.id, n.name]));
  const committee = await loadCommittee(db, (await loadMeeting(db, item.meetingId)).committeeId);
  return {
    item: { id: item.id, title: item.title, status: item.status, round: item.round, kind: item.kind },
    round: vote.round,
    announced: roundAnnounced(item, vote.round, all),
    reconsidered: vote.reconsidered,
    nominees: tally.A.nominees.map((n) => ({ id: n.id, name: names.get(n.id) ?? n.id })),
    ...tally,
    motion: motionRow?.result ? (JSON.parse(motionRow.result) as MotionResult) : null,
    policies: { ratio: committee.ratioPolicy, majority: committee.majorityPolicy, bar: committee.barRule, motion: committee.motionPolicy },
    smallGroupWarning: smallGroupWarning(tally),
  };
}

/**
 * R12: a round's result was announced when the item says so for that round, or when a
 * reconsideration motion was moved on it — R10 allows one only after the announcement. So a
 * round whose motion passed, and that no new round replaced, stays announced (its result stands).
 */
function roundAnnounced(item: { status: string; round: number }, round: number, itemVotes: ReadonlyArray<{ purpose: string; round: number }>): boolean {
  return (item.status === 'announced' && item.round === round) || itemVotes.some((v) => v.purpose === 'motion' && v.round === round);
}

/** Anyone may read an announced result (R12): the item's latest closed round, once announced; before that, officers only. */
export async function isAnnounced(deps: AppDeps, itemId: string): Promise<boolean> {
  const item = await loadItem(deps.db, itemId);
  const all = await deps.db.select({ purpose: votes.purpose, round: votes.round, status: votes.status }).from(votes).where(eq(votes.itemId, itemId)).orderBy(desc(votes.round));
  const latest = all.find((v) => v.purpose === 'vote' && v.status === 'closed');
  return latest !== undefined && roundAnnounced(item, latest.round, all);
}
