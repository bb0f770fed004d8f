import { eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { writeAtomically, type WriteQuery } from '../../db/atomic';
import { coissuerPresence } from '../../db/schema';
import type { AppDeps } from '../../deps';
import { AppError } from '../../errors';
import { publishPresence } from '../live/meeting-state';
import { loadAttendees, loadCommittee, loadMeeting, presence, type AttendeeRow } from '../live/load';
import { coissuerRow } from './issuance';
import { publishCoissue } from './wait';

/**
 * The commission officer's confirmations, as its co-issuer sends them (docs/coissuance.md §4.1).
 * Each person is `present` or `absent`; a later message replaces an earlier decision.
 */
export async function postPresence(deps: AppDeps, meetingId: string, input: { present: string[]; absent: string[] }): Promise<{ presence: Record<string, 'present' | 'absent'> }> {
  const db = deps.db;
  if (!(await coissuerRow(db, meetingId))) throw new AppError('coissuer_not_registered');
  const meeting = await loadMeeting(db, meetingId);
  if (meeting.status === 'closed') throw new AppError('meeting_locked', 'The meeting is closed');
  const roster = new Set((await loadAttendees(db, meetingId)).map((a) => a.personId));
  const both = input.present.filter((p) => input.absent.includes(p));
  if (both.length > 0) throw new AppError('bad_request', `Both present and absent: ${both.join(', ')}`);
  const stranger = [...input.present, ...input.absent].find((p) => !roster.has(p));
  if (stranger !== undefined) throw new AppError('bad_request', `${stranger} is not on this meeting's roster`);
  const upsert = (personId: string, status: 'present' | 'absent'): WriteQuery =>
    db
      .insert(coissuerPresence)
      .values({ meetingId, personId, status })
      .onConflictDoUpdate({ target: [coissuerPresence.meetingId, coissuerPresence.personId], set: { status: sql`excluded.status` } });
  await writeAtomically(db, [...input.present.map((p) => upsert(p, 'present')), ...input.absent.map((p) => upsert(p, 'absent'))]);
  const rows = await db.select().from(coissuerPresence).where(eq(coissuerPresence.meetingId, meetingId));
  await publishPresence(deps, meetingId);
  publishCoissue(deps, meetingId);
  return { presence: Object.fromEntries(rows.map((r) => [r.personId, r.status])) };
}

/** Whether the meeting is, or will open, co-issued: sealed, or a draft of a co-issuing committee. */
async function coissuedNowOrAtOpening(db: Db, meetingId: string): Promise<boolean> {
  const row = await coissuerRow(db, meetingId);
  if (row?.sealedAt != null) return true;
  const meeting = await loadMeeting(db, meetingId);
  if (meeting.status !== 'draft') return false;
  return (await loadCommittee(db, meeting.committeeId)).issuance === 'coissued';
}

/**
 * Presence as the rules count it (R1 quorum, `open`'s lists, who may get a token). In a
 * co-issued meeting a person is present only when signed in AND confirmed by the commission's
 * officer: a clerk who signs in an absent member through the API seats no one.
 */
export async function effectivePresence(db: Db, meetingId: string, rows?: AttendeeRow[]) {
  const attendees = rows ?? (await loadAttendees(db, meetingId));
  const signedIn = presence(attendees);
  if (!(await coissuedNowOrAtOpening(db, meetingId))) return { ...signedIn, signedInMembers: signedIn.presentMembers.length, signedInObservers: signedIn.presentObservers.length, coissued: false };
  const confirmed = new Set(
    (await db.select().from(coissuerPresence).where(eq(coissuerPresence.meetingId, meetingId))).filter((r) => r.status === 'present').map((r) => r.personId),
  );
  return {
    due: signedIn.due,
    observers: signedIn.observers,
    presentMembers: signedIn.presentMembers.filter((p) => confirmed.has(p)),
    presentObservers: signedIn.presentObservers.filter((p) => confirmed.has(p)),
    signedInMembers: signedIn.presentMembers.length,
    signedInObservers: signedIn.presentObservers.length,
    coissued: true,
  };
}
