import { eq } from 'drizzle-orm';
import type { AppDeps } from '../../deps';
import { nominees } from '../../db/schema';
import { isForeignKeyFailure, refuseIfUsed } from './in-use';
import { nomineeUses } from './uses';
import { requireNominee } from './update-nominee';

/**
 * Removes a nominee registered by mistake. One on any item (take them off the draft item first)
 * or under an R3 bar stays: deleting the row would erase the bar.
 */
export async function removeNominee(deps: AppDeps, nomineeId: string): Promise<void> {
  await requireNominee(deps, nomineeId);
  refuseIfUsed('nominee', nomineeId, await nomineeUses(deps.db, nomineeId));
  try {
    await deps.db.delete(nominees).where(eq(nominees.id, nomineeId));
  } catch (err) {
    if (isForeignKeyFailure(err)) refuseIfUsed('nominee', nomineeId, await nomineeUses(deps.db, nomineeId));
    throw err;
  }
}
