import { and, eq } from 'drizzle-orm';
import { items } from '../../db/schema';
import type { AppDeps } from '../../deps';
import { hubFor } from '../../events/hub';
import { AppError } from '../../errors';
import { postponeEntry } from '../../record/entries';
import { commitMeetingChange } from '../../record/log';
import { loadItem } from './load';
import { requireOpenMeeting } from './open-item';

/**
 * R9: an item not yet opened may be postponed, with a reason; the record keeps it, and the
 * clerk may put the nominees on a later meeting's agenda.
 */
export async function postponeItem(deps: AppDeps, itemId: string, reason: string): Promise<{ item: string; status: 'postponed'; reason: string }> {
  const db = deps.db;
  const first = await loadItem(db, itemId);
  await commitMeetingChange(db, first.meetingId, async () => {
    const item = await loadItem(db, itemId);
    await requireOpenMeeting(deps, item.meetingId);
    // R9: only before the vote opens.
    if (item.status !== 'pending') throw new AppError('conflict', `The item is ${item.status}; only an item not yet opened can be postponed`);
    return {
      entries: [postponeEntry(item.id, item.round, reason)],
      queries: [
        db.update(items).set({ status: 'postponed', postponedReason: reason }).where(and(eq(items.id, item.id), eq(items.status, 'pending'))),
      ],
      value: null,
    };
  });
  // Pages poll slowly while their stream is open, so the agenda change is pushed.
  hubFor(deps).publish(first.meetingId, { type: 'item-postponed', data: { item: itemId } });
  return { item: itemId, status: 'postponed', reason };
}
