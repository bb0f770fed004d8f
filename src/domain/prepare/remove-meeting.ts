import { eq, inArray } from 'drizzle-orm';
import type { AppDeps } from '../../deps';
import { writeAtomically } from '../../db/atomic';
import { attendees, itemDossiers, itemNominees, items, meetings, slips, tabletSessions } from '../../db/schema';
import { AppError } from '../../errors';
import { meetingStatusGuard, rethrowGuard } from './guard';
import { requireMeeting } from './meetings';

/**
 * Deletes a draft meeting created by mistake, with its agenda, roster, slips and tablet sessions.
 * An open or closed meeting has a record and is never deleted.
 */
export async function removeMeeting(deps: AppDeps, meetingId: string): Promise<void> {
  const { db } = deps;
  const meeting = await requireMeeting(db, meetingId);
  if (meeting.status !== 'draft') throw new AppError('meeting_locked');
  try {
    await writeAtomically(db, [
      meetingStatusGuard(db, meetingId),
      db.delete(tabletSessions).where(eq(tabletSessions.meetingId, meetingId)),
      db.delete(slips).where(eq(slips.meetingId, meetingId)),
      db.delete(attendees).where(eq(attendees.meetingId, meetingId)),
      db.delete(itemDossiers).where(inArray(itemDossiers.itemId, db.select({ id: items.id }).from(items).where(eq(items.meetingId, meetingId)))),
      db.delete(itemNominees).where(eq(itemNominees.meetingId, meetingId)),
      db.delete(items).where(eq(items.meetingId, meetingId)),
      db.delete(meetings).where(eq(meetings.id, meetingId)),
    ]);
  } catch (err) {
    rethrowGuard(err);
  }
}
