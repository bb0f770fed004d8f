import { and, asc, desc, eq, inArray } from 'drizzle-orm';
import { ballotReceipt, type Choice, type SignedBallot } from '../../../crypto/ballot';
import type { WriteQuery } from '../../db/atomic';
import { forgetWriteOrder } from '../../db/sweep';
import { bars, items, logEntries, tokens, votes } from '../../db/schema';
import type { AppDeps } from '../../deps';
import { AppError } from '../../errors';
import { hubFor } from '../../events/hub';
import { newId } from '../../ids';
import { latestCheckpoint, signCheckpoint, type StoredCheckpoint } from '../../record/checkpoint';
import {
  ballotEntry,
  closeEntry,
  issuedEntry,
  reconsiderEntry,
  tallyEntry,
  type BarRecord,
  type ClassTally,
  type MotionCounts,
} from '../../record/entries';
import { commitMeetingChange } from '../../record/log';
import { barLiftsOn, countBallots, decideItem, reconsiderationPasses } from '../../rules';
import type { LogEntryObject } from '../../../crypto/log-entry';
import { emptyVote, unboxVote, type BoxVote } from './ballot-box';
import { MOTION_CHOICE } from './cast-ballot';
import { consultationCloseDay, requireConsultationMayClose } from './consultation';
import { loadAttendees, loadCommittee, loadItem, loadItemNominees, loadMeeting, loadVote, parseIds, presence, type ItemRow, type VoteRow } from './load';

export interface VoteTally {
  A: ClassTally;
  B: ClassTally;
  bars: BarRecord[];
  /** R10: the bars of the reconsidered round this tally replaced (empty in round 1). */
  barsReplaced: BarRecord[];
}

export interface MotionResult {
  motion: MotionCounts;
  passed: boolean;
}

export interface ClosedVote {
  item: string;
  round: number;
  purpose: 'vote' | 'motion';
  result: VoteTally | MotionResult;
  checkpoint: StoredCheckpoint;
}

/**
 * Closes the item's open vote (or its open reconsideration motion). First the vote is marked
 * 'closing', a single conditional write after which no token or ballot can be added; then the
 * issuance roll (by person id), the ballots (by leaf hash, so the log does not reveal arrival
 * order), `close` and `tally` (or `reconsider`) are appended in ONE atomic write with every row
 * that changes — the vote's sealed ballots and tokens deleted with it (ballot-box.ts) — and a
 * new checkpoint is signed. Then the write-ahead log is swept (db/sweep.ts): from here on no
 * file holds the order in which this vote's tokens were issued and its ballots arrived.
 */
export async function closeItem(deps: AppDeps, itemId: string): Promise<ClosedVote> {
  const db = deps.db;
  const item = await loadItem(db, itemId);
  const [target] = await db
    .select()
    .from(votes)
    .where(and(eq(votes.itemId, itemId), eq(votes.round, item.round), inArray(votes.status, ['open', 'closing'])));
  if (!target) {
    const resumed = await finishUnsignedClose(deps, item);
    if (resumed) return resumed;
    throw new AppError('vote_not_open', 'Nothing of this item is open');
  }
  await requireConsultationMayClose(deps, target);
  const key = and(eq(votes.itemId, itemId), eq(votes.round, target.round), eq(votes.purpose, target.purpose));
  await db.update(votes).set({ status: 'closing' }).where(and(key, eq(votes.status, 'open')));

  const { value, size } = await commitMeetingChange(db, item.meetingId, async () => {
    const vote = await loadVote(db, itemId, target.round, target.purpose);
    if (!vote || vote.status !== 'closing') throw new AppError('vote_not_open', 'This vote was closed already');
    const current = await loadItem(db, itemId);
    return target.purpose === 'vote' ? closeVote(deps, current, vote) : closeMotion(deps, current, vote);
  });
  const checkpoint = await signCheckpoint(deps, item.meetingId, size);
  forgetWriteOrder(deps.db);
  hubFor(deps).publish(item.meetingId, { type: 'item-closed', data: { item: itemId, round: target.round, purpose: target.purpose } });
  return { item: itemId, round: target.round, purpose: target.purpose, result: value, checkpoint };
}

/**
 * A close whose rows committed but whose checkpoint could not be signed (storage failed in
 * between) was answered 503. Its retry lands here: the log ends with this item's tally (or
 * motion result) beyond the latest checkpoint, so sign that checkpoint now — the closed vote
 * is sealed (R12) — and answer as the close would have.
 */
async function finishUnsignedClose(deps: AppDeps, item: ItemRow): Promise<ClosedVote | null> {
  const [last] = await deps.db
    .select({ idx: logEntries.idx, type: logEntries.type, entry: logEntries.entry })
    .from(logEntries)
    .where(eq(logEntries.meetingId, item.meetingId))
    .orderBy(desc(logEntries.idx))
    .limit(1);
  if (!last || (last.type !== 'tally' && last.type !== 'reconsider')) return null;
  const signed = await latestCheckpoint(deps.db, item.meetingId);
  if (signed && signed.size > last.idx) return null;
  const entry = JSON.parse(last.entry.slice(last.entry.indexOf('\n') + 1)) as { item?: string; round?: number };
  if (entry.item !== item.id || typeof entry.round !== 'number') return null;
  const purpose = last.type === 'tally' ? ('vote' as const) : ('motion' as const);
  const vote = await loadVote(deps.db, item.id, entry.round, purpose);
  if (!vote || vote.status !== 'closed' || !vote.result) return null;
  const checkpoint = await signCheckpoint(deps, item.meetingId, last.idx + 1);
  forgetWriteOrder(deps.db);
  hubFor(deps).publish(item.meetingId, { type: 'item-closed', data: { item: item.id, round: entry.round, purpose } });
  return { item: item.id, round: entry.round, purpose, result: JSON.parse(vote.result) as VoteTally | MotionResult, checkpoint };
}

async function recordedRoll(deps: AppDeps, vote: VoteRow) {
  const issued = await deps.db
    .select({ personId: tokens.personId, class: tokens.class })
    .from(tokens)
    .where(and(eq(tokens.itemId, vote.itemId), eq(tokens.round, vote.round), eq(tokens.purpose, vote.purpose)))
    .orderBy(asc(tokens.personId));
  const box: BoxVote = { meetingId: vote.meetingId, itemId: vote.itemId, round: vote.round, purpose: vote.purpose };
  const parsed = (await unboxVote(deps.db, deps.config, box)).map((b) => ({ class: b.class, ballot: JSON.parse(b.canonical) as SignedBallot }));
  // Leaf-hash order: the order in which ballots arrived is nowhere in the record.
  const withReceipt = parsed.map((b) => ({ ...b, receipt: ballotReceipt(b.ballot) }));
  withReceipt.sort((x, y) => (x.receipt < y.receipt ? -1 : x.receipt > y.receipt ? 1 : 0));
  const ref = { item: vote.itemId, round: vote.round, purpose: vote.purpose };
  const count = (rows: Array<{ class: string }>, k: 'A' | 'B') => rows.filter((r) => r.class === k).length;
  const entries: LogEntryObject[] = [
    ...issued.map((t) => issuedEntry(ref, t.class, t.personId)),
    ...withReceipt.map((b) => ballotEntry(b.ballot)),
    closeEntry(ref, { A: count(issued, 'A'), B: count(issued, 'B') }, { A: count(parsed, 'A'), B: count(parsed, 'B') }, await consultationCloseDay(deps, vote.meetingId)),
  ];
  const choices = (k: 'A' | 'B') => withReceipt.filter((b) => b.class === k).map((b) => b.ballot.choices as Record<string, Choice>);
  // The close's write empties the box: rows and tokens deleted, ballot keys spent.
  const emptied = emptyVote(deps.db, box, parsed.map((b) => b.ballot.ballot_pk));
  return { entries, issuedA: count(issued, 'A'), issuedB: count(issued, 'B'), choices, emptied };
}

async function closeVote(deps: AppDeps, item: ItemRow, vote: VoteRow) {
  const db = deps.db;
  const meeting = await loadMeeting(db, item.meetingId);
  const committee = await loadCommittee(db, meeting.committeeId);
  const { due } = presence(await loadAttendees(db, item.meetingId));
  const present = { A: parseIds(vote.presentMembers).length, B: parseIds(vote.presentObservers).length };
  const nominees = (await loadItemNominees(db, item.id)).map((n) => n.id);
  const roll = await recordedRoll(deps, vote);
  const castA = roll.choices('A');
  const castB = roll.choices('B');
  const countsA = countBallots(nominees, item.seats, castA);
  // R2, R3, R8 from the A ballots only; B ballots never reach the decision (R4).
  const decision = decideItem({
    due,
    present: present.A,
    cast: castA.length,
    seats: item.seats,
    passRule: item.passRule,
    majority: committee.majorityPolicy,
    barRule: committee.barRule,
    nominees: countsA,
    // A removal is never barred (R3 is about nominations).
    itemKind: item.kind,
  });
  const A: ClassTally = {
    due,
    present: present.A,
    issued: roll.issuedA,
    cast: castA.length,
    notCast: present.A - castA.length,
    nominees: countsA.map((c, i) => ({ ...c, approved: decision.nominees[i]!.approved, barred: decision.nominees[i]!.barred })),
    decision: { quorate: decision.quorate, undecidedSeats: decision.undecidedSeats },
    rule: { passRule: item.passRule, majority: committee.majorityPolicy, barRule: committee.barRule, seats: item.seats },
  };
  const B: ClassTally = {
    present: present.B,
    issued: roll.issuedB,
    cast: castB.length,
    notCast: present.B - castB.length,
    nominees: countBallots(nominees, item.seats, castB),
  };
  // R3, R14: a bar is dated by the meeting's date, the one day it could open, even when the
  // meeting runs past midnight; never by the clock.
  const voteDate = meeting.date;
  const barred: BarRecord[] = decision.nominees
    .filter((n) => n.barred)
    .map((n) => ({ nominee: n.id, post: item.postId, voteDate, liftsOn: barLiftsOn(voteDate), rule: committee.barRule }));
  // R10: the bars of the round this one reconsiders stood until now; this tally replaces them.
  const earlier = vote.round > 1 ? await db.select().from(bars).where(and(eq(bars.itemId, item.id), eq(bars.round, vote.round - 1))) : [];
  const replaced: BarRecord[] = earlier
    .map((b) => ({ nominee: b.nomineeId, post: b.postId, voteDate: b.voteDate, liftsOn: b.liftsOn, rule: b.rule }))
    .sort((x, y) => nomineeOrder(nominees, x.nominee) - nomineeOrder(nominees, y.nominee));
  const result: VoteTally = { A, B, bars: barred, barsReplaced: replaced };
  const ref = { item: item.id, round: vote.round, purpose: 'vote' as const };
  const createdAt = deps.now().getTime();
  const queries: WriteQuery[] = [
    db
      .update(votes)
      .set({ status: 'closed', result: JSON.stringify(result) })
      .where(and(eq(votes.itemId, item.id), eq(votes.round, vote.round), eq(votes.purpose, 'vote'), eq(votes.status, 'closing'))),
    db.update(items).set({ status: 'closed' }).where(and(eq(items.id, item.id), eq(items.status, 'open'))),
    ...roll.emptied,
    ...(earlier.length > 0 ? [db.delete(bars).where(and(eq(bars.itemId, item.id), eq(bars.round, vote.round - 1)))] : []),
    ...barred.map((b) =>
      db.insert(bars).values({
        id: newId('bar'),
        committeeId: committee.id,
        nomineeId: b.nominee,
        postId: b.post,
        meetingId: item.meetingId,
        itemId: item.id,
        round: vote.round,
        voteDate: b.voteDate,
        liftsOn: b.liftsOn,
        rule: b.rule,
        createdAt,
      }),
    ),
  ];
  return { entries: [...roll.entries, tallyEntry(ref, A, B, barred, replaced)], queries, value: result as VoteTally | MotionResult };
}

/** A bar's place in the tally: the nominee's place on the ballot (unknown nominees last). */
function nomineeOrder(ballotOrder: string[], nominee: string): number {
  const i = ballotOrder.indexOf(nominee);
  return i === -1 ? ballotOrder.length : i;
}

async function closeMotion(deps: AppDeps, item: ItemRow, vote: VoteRow) {
  const db = deps.db;
  const meeting = await loadMeeting(db, item.meetingId);
  const committee = await loadCommittee(db, meeting.committeeId);
  const { due } = presence(await loadAttendees(db, item.meetingId));
  const present = parseIds(vote.presentMembers).length;
  const roll = await recordedRoll(deps, vote);
  const cast = roll.choices('A');
  const [counts] = countBallots([MOTION_CHOICE], 1, cast);
  const motion: MotionCounts = {
    due,
    present,
    issued: roll.issuedA,
    cast: cast.length,
    notCast: present - cast.length,
    yes: counts!.approve,
    no: counts!.disapprove,
    abstain: counts!.abstain,
  };
  // R10: more than half of those due must vote yes (001), or half or more (002's policy).
  const passed = reconsiderationPasses(due, motion.yes, committee.motionPolicy);
  const queries: WriteQuery[] = [
    db
      .update(votes)
      .set({ status: 'closed', result: JSON.stringify({ motion, passed }) })
      .where(and(eq(votes.itemId, item.id), eq(votes.round, vote.round), eq(votes.purpose, 'motion'), eq(votes.status, 'closing'))),
    ...roll.emptied,
  ];
  if (passed) {
    // R10: the round is marked reconsidered and the next one may open; its bars STAND until the
    // next round's tally replaces them (closeVote), and stand for good if it is never held.
    queries.push(
      db.update(votes).set({ reconsidered: true }).where(and(eq(votes.itemId, item.id), eq(votes.round, vote.round), eq(votes.purpose, 'vote'))),
      db.update(items).set({ status: 'pending', round: vote.round + 1 }).where(and(eq(items.id, item.id), eq(items.round, vote.round))),
    );
  }
  return {
    entries: [...roll.entries, reconsiderEntry(item.id, vote.round, motion, committee.motionPolicy, passed)],
    queries,
    value: { motion, passed } as VoteTally | MotionResult,
  };
}
