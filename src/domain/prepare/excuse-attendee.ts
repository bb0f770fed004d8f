import { and, eq } from 'drizzle-orm';
import type { AppDeps } from '../../deps';
import { writeAtomically } from '../../db/atomic';
import { attendees } from '../../db/schema';
import { AppError } from '../../errors';
import { meetingStatusGuard, rethrowGuard } from './guard';
import { requireMeeting } from './meetings';

/**
 * Records why someone is excused (请假) before the meeting opens. An excused member stays DUE —
 * R2 counts the whole roster — but can no longer sign in.
 */
export async function excuseAttendee(deps: AppDeps, meetingId: string, input: { personId: string; reason: string }): Promise<void> {
  const { db } = deps;
  const meeting = await requireMeeting(db, meetingId);
  if (meeting.status !== 'draft') throw new AppError('meeting_locked', 'Excusals are recorded before the meeting opens');
  let results: unknown[];
  try {
    results = await writeAtomically(db, [
      meetingStatusGuard(db, meetingId),
      db
        .update(attendees)
        .set({ excusedReason: input.reason })
        .where(and(eq(attendees.meetingId, meetingId), eq(attendees.personId, input.personId)))
        .returning({ personId: attendees.personId }),
    ]);
  } catch (err) {
    rethrowGuard(err);
  }
  if ((results[1] as unknown[]).length === 0) throw new AppError('not_found', `${input.personId} is not on this meeting's roster`);
}
