import { and, asc, eq, inArray, ne, sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { bars, itemNominees, items, meetings, nominees } from '../../db/schema';
import { AppError } from '../../errors';
import { barBlocks, barScope, barsApply, competitiveRange, competitiveRatioOk, MAX_NOMINEES_PER_MEETING, nomineeKey, removalShapeOk, type BarRule, type ItemKind, type RatioPolicy } from '../../rules';
import { confirmedDistinctPairs, pairKey } from './identity';
import { isGuardFailure } from './guard';
import { ruleCall } from './rule-call';

export interface ItemShape {
  postId: string;
  nomineeIds: string[];
  seats: number;
  openSelection: boolean;
  /** 'appointment' unless said. */
  itemKind?: ItemKind;
}

/** Every nominee must be the committee's own; the list order is the ballot order. */
export async function requireNominees(db: Db, committeeId: string, nomineeIds: string[]): Promise<void> {
  if (new Set(nomineeIds).size !== nomineeIds.length) throw new AppError('validation_failed', 'nomineeIds: a nominee is listed twice');
  const found = await db
    .select({ id: nominees.id })
    .from(nominees)
    .where(and(eq(nominees.committeeId, committeeId), inArray(nominees.id, nomineeIds)));
  const known = new Set(found.map((r) => r.id));
  const missing = nomineeIds.filter((id) => !known.has(id));
  if (missing.length) throw new AppError('not_found', `No nominee ${missing.join(', ')} in this committee`);
}

/**
 * R8 under the committee's ratio policy: 'proportional' needs 2 nominees a seat (3 for an open
 * selection), 'one-or-two-more' one or two more nominees than seats; 1-for-1 is a plain item.
 */
export function checkRatio(shape: ItemShape, policy: RatioPolicy): void {
  const n = shape.nomineeIds.length;
  if (shape.itemKind === 'removal') {
    // A removal chooses no one among nominees (R8 does not apply): one person, one post.
    if (!ruleCall(() => removalShapeOk(n, shape.seats, shape.openSelection))) {
      throw new AppError('validation_failed', `A removal (免职) names exactly one person for one post, not ${n} for ${shape.seats}`, {
        errors: [{ path: ['nomineeIds'], message: 'a removal names exactly one person for one post' }],
      });
    }
    return;
  }
  const ok = ruleCall(() => competitiveRatioOk(n, shape.seats, shape.openSelection, policy));
  if (!ok) {
    const [required, maximum] = competitiveRange(shape.seats, shape.openSelection, policy);
    const wanted = maximum === null ? `at least ${required}` : `${required} or ${maximum}`;
    throw new AppError('competitive_ratio', `${n} nominees for ${shape.seats} seat(s) does not meet the committee's ratio (${policy}): ${wanted} are needed (R8)`, {
      nominees: n,
      seats: shape.seats,
      openSelection: shape.openSelection,
      policy,
      required,
      ...(maximum === null ? {} : { maximum }),
    });
  }
}

/**
 * R3: a nominee barred on the meeting's date is refused, and the refusal names the vote that
 * barred them and the day the bar lifts. A bar under 000's rule closes the post voted on (the
 * same person for another post is fine); under 002's 'not-approved' rule it closes every post.
 * R15: the bar follows the person, so the bars of every record of the same person count.
 */
export async function checkBars(db: Db, committeeId: string, shape: ItemShape, meetingDate: string, itemId?: string): Promise<void> {
  // A removal nominates no one, so R3 has nothing to refuse (rules/item-kind.ts barsApply).
  if (!barsApply(shape.itemKind ?? 'appointment')) return;
  const people = await samePerson(db, committeeId, shape.nomineeIds);
  const records = [...new Set([...people.values()].flat())];
  const rows = records.length ? await db.select().from(bars).where(inArray(bars.nomineeId, records)) : [];
  for (const nomineeId of shape.nomineeIds) {
    const own = new Set(people.get(nomineeId) ?? [nomineeId]);
    const active = rows
      .filter((b) => own.has(b.nomineeId) && ruleCall(() => barBlocks({ rule: b.rule as BarRule, postId: b.postId, liftsOn: b.liftsOn }, shape.postId, meetingDate)))
      .sort((a, b) => (a.liftsOn < b.liftsOn ? 1 : -1));
    const bar = active[0];
    if (!bar) continue;
    const everyPost = barScope(bar.rule as BarRule) === 'any-post';
    throw new AppError(
      'nominee_barred',
      `Nominee ${nomineeId} was barred from ${everyPost ? 'every post' : 'this post'} by the vote of ${bar.voteDate}` +
        (bar.meetingId ? ` (meeting ${bar.meetingId}, item ${bar.itemId})` : '') +
        (bar.nomineeId !== nomineeId ? ` on record ${bar.nomineeId} of the same person` : '') +
        `; the bar lifts on ${bar.liftsOn} (R3)`,
      {
        nomineeId,
        postId: shape.postId,
        ...(itemId ? { itemId } : {}),
        barId: bar.id,
        scope: everyPost ? 'any-post' : 'same-post',
        barredRecord: bar.nomineeId,
        barringVote: { meetingId: bar.meetingId, itemId: bar.itemId, round: bar.round, postId: bar.postId, voteDate: bar.voteDate },
        liftsOn: bar.liftsOn,
      },
    );
  }
}

/**
 * R15: for each nominee id, every record of the committee that is the same person (same name
 * and birth date, not confirmed to be someone else), itself included. Registration refuses
 * duplicates, so this matters for records made before that and is cheap for the rest.
 */
export async function samePerson(db: Db, committeeId: string, nomineeIds: readonly string[]): Promise<Map<string, string[]>> {
  const all = (await db.select().from(nominees).where(eq(nominees.committeeId, committeeId))).map((n) => ({ id: n.id, key: nomineeKey(n.name, n.birthDate) }));
  const distinct = await confirmedDistinctPairs(db, committeeId, 'nominee');
  const out = new Map<string, string[]>();
  for (const id of nomineeIds) {
    const key = all.find((n) => n.id === id)?.key;
    out.set(id, key === undefined ? [id] : all.filter((n) => n.key === key && (n.id === id || !distinct.has(pairKey(id, n.id)))).map((n) => n.id));
  }
  return out;
}

/**
 * R3 and R14 for a whole agenda on `date`: every item's nominees checked again, as when the
 * meeting opens (a bar may have arisen since the item was added) or its date changes.
 */
export async function checkAgendaBars(db: Db, meetingId: string, date: string): Promise<void> {
  const [meeting] = await db.select({ committeeId: meetings.committeeId }).from(meetings).where(eq(meetings.id, meetingId));
  if (!meeting) throw new AppError('not_found', `No meeting ${meetingId}`);
  const agenda = await db.select().from(items).where(eq(items.meetingId, meetingId)).orderBy(asc(items.position), asc(items.id));
  for (const item of agenda) {
    const rows = await db.select({ id: itemNominees.nomineeId }).from(itemNominees).where(eq(itemNominees.itemId, item.id));
    if (rows.length === 0) continue;
    const shape = { postId: item.postId, nomineeIds: rows.map((r) => r.id), seats: item.seats, openSelection: item.openSelection, itemKind: item.kind };
    await checkBars(db, meeting.committeeId, shape, date, item.id);
  }
}

/**
 * R5, read side: the friendly refusal. The same person on two items counts once. `exceptItemId`
 * leaves out the item being edited. The conditional insert (`nomineeInsertValue`) is what holds
 * under concurrent requests; this read only gives a precise message first.
 */
export async function checkNomineeLimit(db: Db, meetingId: string, nomineeIds: string[], exceptItemId?: string): Promise<void> {
  const where = exceptItemId
    ? and(eq(itemNominees.meetingId, meetingId), ne(itemNominees.itemId, exceptItemId))
    : eq(itemNominees.meetingId, meetingId);
  const rows = await db.selectDistinct({ id: itemNominees.nomineeId }).from(itemNominees).where(where);
  const all = new Set([...rows.map((r) => r.id), ...nomineeIds]);
  if (all.size > MAX_NOMINEES_PER_MEETING) {
    throw new AppError('nominee_limit', `This would make ${all.size} distinct nominees in the meeting; at most ${MAX_NOMINEES_PER_MEETING} (R5)`, {
      limit: MAX_NOMINEES_PER_MEETING,
      count: all.size,
    });
  }
}

/**
 * R5, write side: the nominee id to insert, or NULL — which the NOT NULL column refuses, aborting
 * the whole batch — when the meeting already has 30 distinct nominees and this one is not among
 * them. Evaluated inside the write, so two clerks adding the 30th and 31st at once cannot both win.
 */
export function nomineeInsertValue(meetingId: string, nomineeId: string) {
  return sql`CASE WHEN (SELECT COUNT(DISTINCT ${itemNominees.nomineeId}) FROM ${itemNominees} WHERE ${itemNominees.meetingId} = ${meetingId}) < ${MAX_NOMINEES_PER_MEETING}
    OR EXISTS (SELECT 1 FROM ${itemNominees} WHERE ${itemNominees.meetingId} = ${meetingId} AND ${itemNominees.nomineeId} = ${nomineeId})
    THEN ${nomineeId} ELSE NULL END`;
}

export function rethrowItemWrite(err: unknown): never {
  if (isGuardFailure(err, 'item_nominees.nominee_id')) {
    throw new AppError('nominee_limit', `The meeting already has ${MAX_NOMINEES_PER_MEETING} distinct nominees (R5)`, { limit: MAX_NOMINEES_PER_MEETING });
  }
  throw err;
}
