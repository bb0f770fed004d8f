import { and, eq } from 'drizzle-orm';
import type { AppDeps } from '../../deps';
import { writeAtomically } from '../../db/atomic';
import { attendees } from '../../db/schema';
import { AppError } from '../../errors';
import { meetingStatusGuard, rethrowGuard } from './guard';
import { requireMeeting } from './meetings';

/**
 * Changes an attendee of a draft meeting: `excusedReason` records an excusal (请假) or, with
 * null, withdraws one recorded by mistake. An excused member stays DUE either way (R2).
 */
export async function updateAttendee(deps: AppDeps, meetingId: string, personId: string, changes: { excusedReason: string | null }): Promise<void> {
  const { db } = deps;
  const meeting = await requireMeeting(db, meetingId);
  if (meeting.status !== 'draft') throw new AppError('meeting_locked', 'Excusals are recorded before the meeting opens');
  let results: unknown[];
  try {
    results = await writeAtomically(db, [
      meetingStatusGuard(db, meetingId),
      db
        .update(attendees)
        .set({ excusedReason: changes.excusedReason })
        .where(and(eq(attendees.meetingId, meetingId), eq(attendees.personId, personId)))
        .returning({ personId: attendees.personId }),
    ]);
  } catch (err) {
    rethrowGuard(err);
  }
  if ((results[1] as unknown[]).length === 0) throw new AppError('not_found', `${personId} is not on this meeting's roster`);
}
