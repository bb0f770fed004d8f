import { and, eq, notInArray } from 'drizzle-orm';
import type { AppDeps } from '../../deps';
import { writeAtomically } from '../../db/atomic';
import { itemDossiers, itemNominees, items } from '../../db/schema';
import { AppError } from '../../errors';
import { policiesOf, requireCommittee, requireNominating, requirePost } from './committees';
import { isGuardFailure, meetingStatusGuard, rethrowGuard } from './guard';
import { checkBars, checkNomineeLimit, checkRatio, nomineeInsertValue, requireNominees, rethrowItemWrite } from './item-rules';
import { listItems, requireMeeting, type ItemView } from './meetings';
import type { NewItem } from './add-item';

export type ItemChanges = Partial<NewItem> & { position?: number };

export async function requireItem(deps: AppDeps, itemId: string) {
  const [item] = await deps.db.select().from(items).where(eq(items.id, itemId));
  if (!item) throw new AppError('not_found', `No item ${itemId}`);
  return item;
}

/**
 * Changes a draft item. The item as it would be after the change is checked again in full
 * (R8, R3, R5), and the new nominee list replaces the old one in the same batch.
 */
export async function updateItem(deps: AppDeps, itemId: string, changes: ItemChanges): Promise<ItemView> {
  const { db } = deps;
  const item = await requireItem(deps, itemId);
  const meeting = await requireMeeting(db, item.meetingId);
  if (meeting.status !== 'draft') throw new AppError('meeting_locked');
  if (changes.nominates) await requireNominating(db, meeting.committeeId);
  refuseCitedChange(item, changes);
  const current = await db.select().from(itemNominees).where(eq(itemNominees.itemId, itemId)).orderBy(itemNominees.position);
  const shape = {
    postId: changes.postId ?? item.postId,
    nomineeIds: changes.nomineeIds ?? current.map((n) => n.nomineeId),
    seats: changes.seats ?? item.seats,
    openSelection: changes.openSelection ?? item.openSelection,
    itemKind: changes.itemKind ?? item.kind,
  };
  await requirePost(db, meeting.committeeId, shape.postId);
  await requireNominees(db, meeting.committeeId, shape.nomineeIds);
  checkRatio(shape, policiesOf(await requireCommittee(db, meeting.committeeId)).ratio);
  await checkBars(db, meeting.committeeId, shape, meeting.date);
  await checkNomineeLimit(db, meeting.id, shape.nomineeIds, itemId);

  const replaceNominees = changes.nomineeIds
    ? [
        // A dossier goes with its person: one who leaves the item takes theirs along.
        db.delete(itemDossiers).where(and(eq(itemDossiers.itemId, itemId), notInArray(itemDossiers.nomineeId, shape.nomineeIds))),
        db.delete(itemNominees).where(eq(itemNominees.itemId, itemId)),
        ...shape.nomineeIds.map((nomineeId, position) =>
          db.insert(itemNominees).values({ itemId, meetingId: meeting.id, nomineeId: nomineeInsertValue(meeting.id, nomineeId), position }),
        ),
      ]
    : [];
  try {
    await writeAtomically(db, [
      meetingStatusGuard(db, meeting.id),
      db
        .update(items)
        .set({
          title: changes.title ?? item.title,
          kind: shape.itemKind,
          postId: shape.postId,
          seats: shape.seats,
          openSelection: shape.openSelection,
          passRule: changes.passRule ?? item.passRule,
          nominates: changes.nominates ?? item.nominates,
          position: changes.position ?? item.position,
        })
        .where(and(eq(items.id, itemId))),
      ...replaceNominees,
    ]);
  } catch (err) {
    if (isGuardFailure(err, 'meetings.title')) rethrowGuard(err);
    rethrowItemWrite(err);
  }
  const view = (await listItems(db, meeting.id)).find((i) => i.id === itemId);
  if (!view) throw new AppError('not_found', `No item ${itemId}`);
  return view;
}

/**
 * An item deciding a standing committee's nomination is that nomination: its person, post and
 * kind are the cited ones (docs/full-committee.md §4), so only its title, pass rule and place change.
 */
function refuseCitedChange(item: { cites: string | null }, changes: ItemChanges): void {
  if (item.cites === null) return;
  const fixed = (['postId', 'nomineeIds', 'seats', 'openSelection', 'itemKind', 'nominates'] as const).filter((k) => changes[k] !== undefined);
  if (fixed.length) {
    throw new AppError('rule_violation', `This item decides a standing committee's nomination; its ${fixed.join(', ')} cannot change (remove it instead)`, { reason: 'cited-item-fixed', fixed });
  }
}
