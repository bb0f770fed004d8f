import { and, asc, eq, inArray } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { attendees, committees, itemNominees, items, meetings, nominees, posts, votes, type VotePurpose } from '../../db/schema';
import { AppError } from '../../errors';

export type MeetingRow = typeof meetings.$inferSelect;
export type ItemRow = typeof items.$inferSelect;
export type VoteRow = typeof votes.$inferSelect;
export type AttendeeRow = typeof attendees.$inferSelect;

export async function loadMeeting(db: Db, meetingId: string): Promise<MeetingRow> {
  const rows = await db.select().from(meetings).where(eq(meetings.id, meetingId));
  if (!rows[0]) throw new AppError('not_found', 'No such meeting');
  return rows[0];
}

export async function loadItem(db: Db, itemId: string): Promise<ItemRow> {
  const rows = await db.select().from(items).where(eq(items.id, itemId));
  if (!rows[0]) throw new AppError('not_found', 'No such item');
  return rows[0];
}

export async function loadCommittee(db: Db, committeeId: string) {
  const rows = await db.select().from(committees).where(eq(committees.id, committeeId));
  if (!rows[0]) throw new AppError('not_found', 'No such committee');
  return rows[0];
}

export async function loadAttendees(db: Db, meetingId: string): Promise<AttendeeRow[]> {
  return db.select().from(attendees).where(eq(attendees.meetingId, meetingId)).orderBy(asc(attendees.personId));
}

/** Present = signed in and not signed out (rules.md "present"); excused members never are. */
export function isPresent(a: AttendeeRow): boolean {
  return a.signedInAt !== null && a.signedOutAt === null && a.excusedReason === null;
}

/** R1/R2: due = the class A roster of the meeting, excused members included. */
export function presence(rows: AttendeeRow[]) {
  const members = rows.filter((a) => a.class === 'A');
  const observers = rows.filter((a) => a.class === 'B');
  return {
    due: members.length,
    presentMembers: members.filter(isPresent).map((a) => a.personId).sort(),
    observers: observers.length,
    presentObservers: observers.filter(isPresent).map((a) => a.personId).sort(),
  };
}

/**
 * docs/full-committee.md §5: a written consultation has no room, so everyone of the roster who
 * is not excused is asked, and counts as present when its items open (R2 still divides by due).
 */
export function asked(rows: AttendeeRow[]) {
  const notExcused = (a: AttendeeRow) => a.excusedReason === null;
  return {
    due: rows.filter((a) => a.class === 'A').length,
    presentMembers: rows.filter((a) => a.class === 'A' && notExcused(a)).map((a) => a.personId).sort(),
    presentObservers: rows.filter((a) => a.class === 'B' && notExcused(a)).map((a) => a.personId).sort(),
  };
}

/** The nominees of an item in ballot order, with their names. */
export async function loadItemNominees(db: Db, itemId: string) {
  return db
    .select({ id: nominees.id, name: nominees.name, birthDate: nominees.birthDate, currentPost: nominees.currentPost })
    .from(itemNominees)
    .innerJoin(nominees, eq(itemNominees.nomineeId, nominees.id))
    .where(eq(itemNominees.itemId, itemId))
    .orderBy(asc(itemNominees.position), asc(nominees.id));
}

export async function loadPost(db: Db, postId: string) {
  const rows = await db.select().from(posts).where(eq(posts.id, postId));
  if (!rows[0]) throw new AppError('not_found', 'No such post');
  return rows[0];
}

export async function loadVote(db: Db, itemId: string, round: number, purpose: VotePurpose): Promise<VoteRow | null> {
  const rows = await db
    .select()
    .from(votes)
    .where(and(eq(votes.itemId, itemId), eq(votes.round, round), eq(votes.purpose, purpose)));
  return rows[0] ?? null;
}

/** The vote of the meeting that is open or being closed, if any (at most one at a time). */
export async function activeVote(db: Db, meetingId: string): Promise<VoteRow | null> {
  const rows = await db
    .select()
    .from(votes)
    .where(and(eq(votes.meetingId, meetingId), inArray(votes.status, ['open', 'closing'])));
  return rows[0] ?? null;
}

/** Every vote of the meeting open or being closed: one in a sitting, all items in a consultation (docs/full-committee.md §5). */
export async function openVotes(db: Db, meetingId: string): Promise<VoteRow[]> {
  return db
    .select()
    .from(votes)
    .where(and(eq(votes.meetingId, meetingId), inArray(votes.status, ['open', 'closing'])))
    .orderBy(asc(votes.itemId));
}

/** The item's latest vote: its open motion if any, else its current round's vote. */
export async function currentVote(db: Db, item: ItemRow): Promise<VoteRow | null> {
  const rows = await db
    .select()
    .from(votes)
    .where(and(eq(votes.itemId, item.id), eq(votes.round, item.round)));
  const motion = rows.find((v) => v.purpose === 'motion' && v.status !== 'closed');
  return motion ?? rows.find((v) => v.purpose === 'vote') ?? null;
}

export function parseIds(json: string): string[] {
  return JSON.parse(json) as string[];
}
