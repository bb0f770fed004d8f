import { and, eq, sql } from 'drizzle-orm';
import type { AppDeps } from '../../deps';
import { writeAtomically } from '../../db/atomic';
import { itemDossiers, itemNominees } from '../../db/schema';
import { AppError } from '../../errors';
import { dossierFault, type Dossier } from '../../rules';
import { isGuardFailure, meetingStatusGuard, rethrowGuard } from './guard';
import { listItems, requireMeeting, type ItemView } from './meetings';
import { ruleCall } from './rule-call';
import { requireItem } from './update-item';

const FAULT_TEXT = {
  'declaration-missing': 'A personal recommendation needs the recommender’s declaration that they are not the person’s spouse, child, relative or own staff (002 五 一 2)',
  'recommender-missing': 'A personal recommendation names the recommender',
  'relationship-missing': 'A personal recommendation states the recommender’s relationship to the person (002 五 一 2)',
  'reasons-missing': 'A dossier gives the reasons for the appointment or removal',
  'organization-personal-fields': 'An organization’s recommendation has no relationship and no declaration (null)',
} as const;

/**
 * Sets the dossier of one person on one draft item (docs/full-committee.md §3): refused without
 * the declaration when the recommendation is personal (422 dossier_declaration_missing), and
 * otherwise when incomplete (422 dossier_invalid, with the reason).
 */
export async function putDossier(deps: AppDeps, itemId: string, nomineeId: string, dossier: Dossier): Promise<ItemView> {
  const { db } = deps;
  const item = await requireItem(deps, itemId);
  const meeting = await requireMeeting(db, item.meetingId);
  if (meeting.status !== 'draft') throw new AppError('meeting_locked');
  const fault = ruleCall(() => dossierFault(dossier));
  if (fault === 'declaration-missing') throw new AppError('dossier_declaration_missing', FAULT_TEXT[fault]);
  if (fault) throw new AppError('dossier_invalid', FAULT_TEXT[fault], { reason: fault });
  const [onItem] = await db.select().from(itemNominees).where(and(eq(itemNominees.itemId, itemId), eq(itemNominees.nomineeId, nomineeId)));
  if (!onItem) throw new AppError('not_found', `Nominee ${nomineeId} is not on item ${itemId}`);
  const row = { ...dossier, itemId, nomineeId, updatedAt: deps.now().getTime() };
  try {
    await writeAtomically(db, [
      meetingStatusGuard(db, meeting.id),
      db
        .insert(itemDossiers)
        .values({
          ...row,
          // NULL (refused, aborting the batch) if the person left the item since the read above.
          nomineeId: sql`CASE WHEN EXISTS (SELECT 1 FROM ${itemNominees} WHERE ${itemNominees.itemId} = ${itemId} AND ${itemNominees.nomineeId} = ${nomineeId}) THEN ${nomineeId} ELSE NULL END`,
        })
        .onConflictDoUpdate({ target: [itemDossiers.itemId, itemDossiers.nomineeId], set: { ...dossier, updatedAt: row.updatedAt } }),
    ]);
  } catch (err) {
    if (isGuardFailure(err, 'item_dossiers.nominee_id')) throw new AppError('not_found', `Nominee ${nomineeId} is not on item ${itemId}`);
    rethrowGuard(err);
  }
  return itemView(deps, meeting.id, itemId);
}

/** Removes the dossier of one person on one draft item. */
export async function removeDossier(deps: AppDeps, itemId: string, nomineeId: string): Promise<ItemView> {
  const { db } = deps;
  const item = await requireItem(deps, itemId);
  const meeting = await requireMeeting(db, item.meetingId);
  if (meeting.status !== 'draft') throw new AppError('meeting_locked');
  try {
    await writeAtomically(db, [meetingStatusGuard(db, meeting.id), db.delete(itemDossiers).where(and(eq(itemDossiers.itemId, itemId), eq(itemDossiers.nomineeId, nomineeId)))]);
  } catch (err) {
    rethrowGuard(err);
  }
  return itemView(deps, meeting.id, itemId);
}

async function itemView(deps: AppDeps, meetingId: string, itemId: string): Promise<ItemView> {
  const view = (await listItems(deps.db, meetingId)).find((i) => i.id === itemId);
  if (!view) throw new AppError('not_found', `No item ${itemId}`);
  return view;
}
