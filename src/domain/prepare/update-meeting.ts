import { and, eq, isNull } from 'drizzle-orm';
import type { AppDeps } from '../../deps';
import { writeAtomically, type WriteQuery } from '../../db/atomic';
import { attendees, meetings, slips, tabletSessions } from '../../db/schema';
import { AppError } from '../../errors';
import { requireCommittee } from './committees';
import { isGuardFailure, meetingStatusGuard, rethrowGuard } from './guard';
import { checkAgendaBars } from './item-rules';
import { requireConsultationWindow, requireDateAhead } from './meeting-date';
import { requireMeeting } from './meetings';

export interface MeetingChanges {
  title?: string;
  date?: string;
  /** A consultation's last day (docs/full-committee.md §5). */
  closesOn?: string;
}

export interface MeetingUpdate {
  /** Sign-in slips that died with the old date; the clerk prints new ones (POST /slips). */
  slipsVoided: number;
}

/**
 * Changes a draft meeting's title or date. A new date is checked like a new meeting's (R14:
 * today or later) and every item's nominees are checked against the bars on it (R3).
 *
 * A date change after slips were printed RE-ISSUES them: every slip of the meeting dies with
 * the old date printed on it, and anyone already signed in on a tablet is signed out, all in
 * the same batch as the change. The paper in people's hands then shows no wrong day with a
 * live code, and the clerk prints fresh slips for the new date.
 */
export async function updateMeeting(deps: AppDeps, meetingId: string, changes: MeetingChanges): Promise<MeetingUpdate> {
  const { db } = deps;
  const meeting = await requireMeeting(db, meetingId);
  if (meeting.status !== 'draft') throw new AppError('meeting_locked', 'Only a draft meeting can be changed');
  const moved = changes.date !== undefined && changes.date !== meeting.date;
  if (moved) {
    const committee = await requireCommittee(db, meeting.committeeId);
    requireDateAhead(deps, committee, changes.date!);
    await checkAgendaBars(db, meetingId, changes.date!);
  }
  const closesOn = changes.closesOn ?? meeting.closesOn;
  if (moved || changes.closesOn !== undefined) {
    const committee = await requireCommittee(db, meeting.committeeId);
    requireConsultationWindow(meeting.kind, changes.date ?? meeting.date, closesOn, committee);
  }
  const now = deps.now().getTime();
  const reissue: WriteQuery[] = moved
    ? [
        db.delete(slips).where(eq(slips.meetingId, meetingId)).returning({ personId: slips.personId }),
        db.update(tabletSessions).set({ endedAt: now }).where(and(eq(tabletSessions.meetingId, meetingId), isNull(tabletSessions.endedAt))),
        db.update(attendees).set({ signedInAt: null, signedOutAt: null }).where(eq(attendees.meetingId, meetingId)),
      ]
    : [];
  let results: unknown[];
  try {
    results = await writeAtomically(db, [
      meetingStatusGuard(db, meetingId),
      db
        .update(meetings)
        .set({ title: changes.title ?? meeting.title, date: changes.date ?? meeting.date, closesOn })
        .where(eq(meetings.id, meetingId)),
      ...reissue,
    ]);
  } catch (err) {
    if (isGuardFailure(err, 'meetings.title')) rethrowGuard(err);
    throw err;
  }
  return { slipsVoided: moved ? (results[2] as unknown[]).length : 0 };
}
