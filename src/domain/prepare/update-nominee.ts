import { eq } from 'drizzle-orm';
import type { AppDeps } from '../../deps';
import { writeAtomically } from '../../db/atomic';
import { nominees } from '../../db/schema';
import { AppError } from '../../errors';
import type { OfficerPrincipal } from '../principals';
import type { Nominee } from './committees';
import { confirmationInsert, identityGuard, identityKeyOf, isIdentityGuardFailure, refuseDuplicates } from './identity';
import { refuseIfUsed } from './in-use';
import { nomineeInOpenMeeting, nomineeUses } from './uses';

export interface NomineeChanges {
  name?: string;
  birthDate?: string;
  currentPost?: string;
  resume?: string;
  /** R15: as when adding, a new name and birth date shared with these records is confirmed to be another person. */
  distinctFrom?: string[];
}

export async function requireNominee(deps: AppDeps, nomineeId: string): Promise<Nominee> {
  const [row] = await deps.db.select().from(nominees).where(eq(nominees.id, nomineeId));
  if (!row) throw new AppError('not_found', `No nominee ${nomineeId}`);
  return row;
}

/**
 * Corrects a nominee. Name and birth date say WHO the nominee is (R15), and R3 bars and sealed
 * votes follow that person: once either exists the identity is fixed, or an edit could hand a bar
 * to someone else and free the barred person. The current post and résumé may be brought up to
 * date, except while an open meeting's tablets are showing them.
 */
export async function updateNominee(deps: AppDeps, nomineeId: string, changes: NomineeChanges, officer?: OfficerPrincipal): Promise<Nominee> {
  const { db } = deps;
  const nominee = await requireNominee(deps, nomineeId);
  const name = changes.name ?? nominee.name;
  const birthDate = changes.birthDate ?? nominee.birthDate;
  const identity = name !== nominee.name || birthDate !== nominee.birthDate;
  const key = identityKeyOf('nominee', { name, birthDate });
  const distinctFrom = [...new Set(changes.distinctFrom ?? [])];
  if (identity) {
    const { sealedItems, bars } = await nomineeUses(db, nomineeId);
    refuseIfUsed('nominee', nomineeId, { sealedItems, bars });
    // R15: the corrected identity must not be another record's.
    await refuseDuplicates(db, 'nominee', nominee.committeeId, key, distinctFrom, nomineeId);
  }
  if (await nomineeInOpenMeeting(db, nomineeId)) {
    throw new AppError('meeting_locked', 'The nominee is on an item of a meeting in progress');
  }
  try {
    await writeAtomically(db, [
      db
        .update(nominees)
        .set({ name, birthDate, currentPost: changes.currentPost ?? nominee.currentPost, resume: changes.resume ?? nominee.resume, identityKey: key })
        .where(eq(nominees.id, nomineeId)),
      ...(identity ? [identityGuard(db, 'nominee', nominee.committeeId, key, distinctFrom, nomineeId)] : []),
      ...(identity && distinctFrom.length > 0 ? [confirmationInsert(db, 'nominee', nominee.committeeId, nomineeId, distinctFrom, officer, deps.now().getTime())] : []),
    ]);
  } catch (err) {
    if (!isIdentityGuardFailure(err)) throw err;
    await refuseDuplicates(db, 'nominee', nominee.committeeId, key, distinctFrom, nomineeId);
    throw new AppError('conflict', 'The nominee could not be changed; try again');
  }
  return requireNominee(deps, nomineeId);
}
