import { eq } from 'drizzle-orm';
import type { AppDeps } from '../../deps';
import { writeAtomically } from '../../db/atomic';
import { itemDossiers, itemNominees, items } from '../../db/schema';
import { AppError } from '../../errors';
import { meetingStatusGuard, rethrowGuard } from './guard';
import { requireMeeting } from './meetings';
import { requireItem } from './update-item';

/** Takes an item off a draft agenda; once the meeting is open the agenda is sealed. */
export async function removeItem(deps: AppDeps, itemId: string): Promise<void> {
  const { db } = deps;
  const item = await requireItem(deps, itemId);
  const meeting = await requireMeeting(db, item.meetingId);
  if (meeting.status !== 'draft') throw new AppError('meeting_locked');
  try {
    await writeAtomically(db, [
      meetingStatusGuard(db, meeting.id),
      db.delete(itemDossiers).where(eq(itemDossiers.itemId, itemId)),
      db.delete(itemNominees).where(eq(itemNominees.itemId, itemId)),
      db.delete(items).where(eq(items.id, itemId)),
    ]);
  } catch (err) {
    rethrowGuard(err);
  }
}
