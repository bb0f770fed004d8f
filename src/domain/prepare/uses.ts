import { and, eq, inArray, ne, sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { bars, itemNominees, items, meetings } from '../../db/schema';
import type { Uses } from './in-use';

const sealedMeetings = (db: Db) => db.select({ id: meetings.id }).from(meetings).where(ne(meetings.status, 'draft'));
const draftMeetings = (db: Db) => db.select({ id: meetings.id }).from(meetings).where(eq(meetings.status, 'draft'));
const count = sql<number>`COUNT(*)`;

/** Where a post is used: items of sealed and of draft meetings, and R3 bars. */
export async function postUses(db: Db, postId: string): Promise<Required<Pick<Uses, 'sealedItems' | 'draftItems' | 'bars'>>> {
  const [sealed] = await db.select({ n: count }).from(items).where(and(eq(items.postId, postId), inArray(items.meetingId, sealedMeetings(db))));
  const [draft] = await db.select({ n: count }).from(items).where(and(eq(items.postId, postId), inArray(items.meetingId, draftMeetings(db))));
  const [barred] = await db.select({ n: count }).from(bars).where(eq(bars.postId, postId));
  return { sealedItems: sealed?.n ?? 0, draftItems: draft?.n ?? 0, bars: barred?.n ?? 0 };
}

/** Where a nominee is used: items of sealed and of draft meetings, and R3 bars. */
export async function nomineeUses(db: Db, nomineeId: string): Promise<Required<Pick<Uses, 'sealedItems' | 'draftItems' | 'bars'>>> {
  const [sealed] = await db
    .select({ n: count })
    .from(itemNominees)
    .where(and(eq(itemNominees.nomineeId, nomineeId), inArray(itemNominees.meetingId, sealedMeetings(db))));
  const [draft] = await db
    .select({ n: count })
    .from(itemNominees)
    .where(and(eq(itemNominees.nomineeId, nomineeId), inArray(itemNominees.meetingId, draftMeetings(db))));
  const [barred] = await db.select({ n: count }).from(bars).where(eq(bars.nomineeId, nomineeId));
  return { sealedItems: sealed?.n ?? 0, draftItems: draft?.n ?? 0, bars: barred?.n ?? 0 };
}

/** Whether the nominee is on an item of a meeting that is open now (tablets are showing it). */
export async function nomineeInOpenMeeting(db: Db, nomineeId: string): Promise<boolean> {
  const open = db.select({ id: meetings.id }).from(meetings).where(eq(meetings.status, 'open'));
  const [row] = await db.select({ n: count }).from(itemNominees).where(and(eq(itemNominees.nomineeId, nomineeId), inArray(itemNominees.meetingId, open)));
  return (row?.n ?? 0) > 0;
}
