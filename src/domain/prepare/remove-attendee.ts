import { and, eq } from 'drizzle-orm';
import type { AppDeps } from '../../deps';
import { writeAtomically } from '../../db/atomic';
import { attendees, slips, tabletSessions } from '../../db/schema';
import { AppError } from '../../errors';
import { meetingStatusGuard, rethrowGuard } from './guard';
import { requireMeeting } from './meetings';

/**
 * Takes someone off a draft meeting's roster, with their slip and tablet sessions. A member
 * removed is no longer DUE: someone who should attend but cannot is excused instead (R2 keeps
 * them in the denominator). The last member stays: a meeting with nobody due cannot vote.
 */
export async function removeAttendee(deps: AppDeps, meetingId: string, personId: string): Promise<void> {
  const { db } = deps;
  const meeting = await requireMeeting(db, meetingId);
  if (meeting.status !== 'draft') throw new AppError('meeting_locked');
  const rows = await db.select().from(attendees).where(eq(attendees.meetingId, meetingId));
  const row = rows.find((a) => a.personId === personId);
  if (!row) throw new AppError('not_found', `${personId} is not on this meeting's roster`);
  if (row.class === 'A' && rows.filter((a) => a.class === 'A').length === 1) {
    throw new AppError('rule_violation', 'The last member cannot be removed: nobody would be due (R1, R2)', { reason: 'last-member' });
  }
  const here = and(eq(attendees.meetingId, meetingId), eq(attendees.personId, personId));
  try {
    await writeAtomically(db, [
      meetingStatusGuard(db, meetingId),
      db.delete(tabletSessions).where(and(eq(tabletSessions.meetingId, meetingId), eq(tabletSessions.personId, personId))),
      db.delete(slips).where(and(eq(slips.meetingId, meetingId), eq(slips.personId, personId))),
      db.delete(attendees).where(here),
    ]);
  } catch (err) {
    rethrowGuard(err);
  }
}
