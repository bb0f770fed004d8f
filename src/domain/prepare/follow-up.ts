import { and, asc, eq, inArray, isNotNull } from 'drizzle-orm';
import type { AppDeps } from '../../deps';
import type { Db } from '../../db/client';
import { itemNominees, items, logEntries, meetings, nominees, posts } from '../../db/schema';
import { AppError } from '../../errors';
import { daysBetween } from '../../rules';
import { requireCommittee } from './committees';
import { committeeToday } from './meeting-date';
import type { Meeting } from './create-meeting';

/** Where a follow-up item points: the postponed item, its meeting, its `postpone` entry. */
export interface FollowUpLink {
  meetingId: string;
  itemId: string;
  postponeLeaf: string;
}

/**
 * The leaf hash of the `postpone` entry of `itemId` (round `round`) in its meeting's log. A
 * postponement is logged in the same write that marks the item postponed, so a postponed item
 * always has one.
 */
async function postponeLeaf(db: Db, meetingId: string, itemId: string, round: number): Promise<string | null> {
  const rows = await db
    .select({ entry: logEntries.entry, leafHash: logEntries.leafHash })
    .from(logEntries)
    .where(and(eq(logEntries.meetingId, meetingId), eq(logEntries.type, 'postpone')));
  for (const r of rows) {
    const obj = JSON.parse(r.entry.slice(r.entry.indexOf('\n') + 1)) as { item?: string; round?: number };
    if (obj.item === itemId && obj.round === round) return r.leafHash;
  }
  return null;
}

function invalid(reason: string, detail: string, extra: Record<string, unknown> = {}): AppError {
  return new AppError('follow_up_invalid', detail, { reason, ...extra });
}

/**
 * R9 follow-up ("对影响作出决定的问题,会后应当及时查清,避免久拖不决", 001 第三篇 第十四条): a new
 * item of `meeting` takes up a postponed item of an earlier meeting of the same committee, for
 * the same post. Each postponed item is taken up once (a unique index holds that under races).
 */
export async function resolveFollowUp(db: Db, meeting: Meeting, followsUp: string, postId: string): Promise<FollowUpLink> {
  const [row] = await db
    .select({ item: items, meeting: meetings })
    .from(items)
    .innerJoin(meetings, eq(meetings.id, items.meetingId))
    .where(eq(items.id, followsUp));
  if (!row || row.meeting.committeeId !== meeting.committeeId) throw new AppError('not_found', `No item ${followsUp} in this committee`);
  if (row.item.status !== 'postponed') throw invalid('not-postponed', `Item ${followsUp} is ${row.item.status}, not postponed (R9)`);
  if (row.meeting.id === meeting.id || row.meeting.date > meeting.date) {
    throw invalid('not-earlier', `A postponed item is taken up by a later meeting; ${followsUp} is of ${row.meeting.date}, this meeting is of ${meeting.date}`);
  }
  if (row.item.postId !== postId) throw invalid('other-post', `Item ${followsUp} was about another post`, { postId: row.item.postId });
  const [taken] = await db.select({ id: items.id, meetingId: items.meetingId }).from(items).where(eq(items.followsUpItemId, followsUp));
  if (taken) throw invalid('already-followed-up', `Item ${followsUp} is already taken up by item ${taken.id}`, { by: taken });
  const leaf = await postponeLeaf(db, row.meeting.id, followsUp, row.item.round);
  if (!leaf) throw new AppError('internal', `The postponement of ${followsUp} is not in its meeting's log`);
  return { meetingId: row.meeting.id, itemId: followsUp, postponeLeaf: leaf };
}

/** Whether an item write failed on the one-follow-up-per-postponement index. */
export function alreadyFollowedUp(err: unknown, followsUp: string): AppError | null {
  const text = String((err as { message?: string })?.message ?? '') + String((err as { cause?: { message?: string } })?.cause?.message ?? '');
  return text.includes('items.follows_up_item_id') ? invalid('already-followed-up', `Item ${followsUp} is already taken up by another item`) : null;
}

export interface PostponedItem {
  item: { id: string; title: string; position: number; round: number; reason: string | null };
  meeting: { id: string; title: string; date: string; status: string };
  post: { id: string; unit: string; title: string };
  nominees: Array<{ id: string; name: string }>;
  /** The leaf hash of the `postpone` entry: what a follow-up cites. */
  postponeLeaf: string | null;
  /** Days from the postponing meeting's date to today, or to the meeting that took it up. */
  waitedDays: number;
  followedUpBy: { itemId: string; meetingId: string; date: string; status: string } | null;
}

/**
 * Every postponed item of the committee, longest waiting first: the clerk's list of matters to
 * clear up and bring back (R9, "避免久拖不决"). An item already taken up by a later meeting says
 * by which; its wait ends on that meeting's date.
 */
export async function listPostponed(deps: AppDeps, committeeId: string): Promise<{ today: string; items: PostponedItem[] }> {
  const { db } = deps;
  const committee = await requireCommittee(db, committeeId);
  const today = committeeToday(deps, committee);
  const rows = await db
    .select({ item: items, meeting: meetings, post: posts })
    .from(items)
    .innerJoin(meetings, eq(meetings.id, items.meetingId))
    .innerJoin(posts, eq(posts.id, items.postId))
    .where(and(eq(meetings.committeeId, committeeId), eq(items.status, 'postponed')))
    .orderBy(asc(meetings.date), asc(items.position));
  const ids = rows.map((r) => r.item.id);
  const names = ids.length
    ? await db
        .select({ itemId: itemNominees.itemId, id: nominees.id, name: nominees.name })
        .from(itemNominees)
        .innerJoin(nominees, eq(nominees.id, itemNominees.nomineeId))
        .where(inArray(itemNominees.itemId, ids))
        .orderBy(asc(itemNominees.position))
    : [];
  const followers = ids.length
    ? await db
        .select({ itemId: items.id, follows: items.followsUpItemId, meetingId: meetings.id, date: meetings.date, status: items.status })
        .from(items)
        .innerJoin(meetings, eq(meetings.id, items.meetingId))
        .where(and(isNotNull(items.followsUpItemId), inArray(items.followsUpItemId, ids)))
    : [];
  const out: PostponedItem[] = [];
  for (const { item, meeting, post } of rows) {
    const by = followers.find((f) => f.follows === item.id);
    out.push({
      item: { id: item.id, title: item.title, position: item.position, round: item.round, reason: item.postponedReason },
      meeting: { id: meeting.id, title: meeting.title, date: meeting.date, status: meeting.status },
      post: { id: post.id, unit: post.unit, title: post.title },
      nominees: names.filter((n) => n.itemId === item.id).map((n) => ({ id: n.id, name: n.name })),
      postponeLeaf: await postponeLeaf(db, meeting.id, item.id, item.round),
      waitedDays: Math.max(0, daysBetween(meeting.date, by ? (by.date < today ? by.date : today) : today)),
      followedUpBy: by ? { itemId: by.itemId, meetingId: by.meetingId, date: by.date, status: by.status } : null,
    });
  }
  return { today, items: out };
}
