import { and, eq } from 'drizzle-orm';
import { items } from '../../db/schema';
import type { AppDeps } from '../../deps';
import { AppError } from '../../errors';
import { hubFor } from '../../events/hub';
import { announceEntry } from '../../record/entries';
import { commitMeetingChange } from '../../record/log';
import { loadItem } from './load';
import { itemResult, type ItemResult } from './item-result';

/** R12: the presiding officer announces a closed item's result; from then on anyone may read it. */
export async function announceItem(deps: AppDeps, itemId: string): Promise<ItemResult> {
  const db = deps.db;
  const first = await loadItem(db, itemId);
  await commitMeetingChange(db, first.meetingId, async () => {
    const item = await loadItem(db, itemId);
    if (item.status !== 'closed') throw new AppError('conflict', `The item is ${item.status}; only a closed item can be announced`);
    return {
      entries: [announceEntry(item.id, item.round)],
      queries: [db.update(items).set({ status: 'announced' }).where(and(eq(items.id, item.id), eq(items.status, 'closed')))],
      value: null,
    };
  });
  const result = await itemResult(deps, itemId);
  hubFor(deps).publish(first.meetingId, { type: 'item-announced', data: result as unknown as Record<string, unknown> });
  return result;
}
