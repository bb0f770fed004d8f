import { eq } from 'drizzle-orm';
import type { AppDeps } from '../../deps';
import { writeAtomically } from '../../db/atomic';
import { nominees } from '../../db/schema';
import { AppError } from '../../errors';
import { newId } from '../../ids';
import type { OfficerPrincipal } from '../principals';
import { requireCommittee, type Nominee } from './committees';
import { confirmationInsert, identityGuard, identityKeyOf, isIdentityGuardFailure, refuseDuplicates } from './identity';

export interface NewNominee {
  name: string;
  birthDate: string;
  currentPost: string;
  /** Shown to members on the tablet before they vote. */
  resume: string;
  /**
   * R15: the clerk's confirmation that this is a different person from these nominees, who
   * share the name and birth date. Without it such a nominee is refused (duplicate_nominee).
   */
  distinctFrom?: string[];
}

/**
 * Registers a nominee. R15: one person is one nominee of the committee, so the same name and
 * birth date again is refused (409 duplicate_nominee, listing the record it duplicates) unless
 * the clerk confirms a different person; the confirmation is kept (identity_confirmations).
 */
export async function addNominee(deps: AppDeps, committeeId: string, input: NewNominee, officer?: OfficerPrincipal): Promise<Nominee> {
  const { db } = deps;
  await requireCommittee(db, committeeId);
  const key = identityKeyOf('nominee', input);
  const distinctFrom = [...new Set(input.distinctFrom ?? [])];
  await refuseDuplicates(db, 'nominee', committeeId, key, distinctFrom);
  const now = deps.now().getTime();
  const row: Nominee = {
    id: newId('nom'),
    committeeId,
    name: input.name,
    birthDate: input.birthDate,
    currentPost: input.currentPost,
    resume: input.resume,
    identityKey: key,
    createdAt: now,
  };
  try {
    await writeAtomically(db, [
      db.insert(nominees).values(row),
      identityGuard(db, 'nominee', committeeId, key, distinctFrom, row.id),
      ...(distinctFrom.length > 0 ? [confirmationInsert(db, 'nominee', committeeId, row.id, distinctFrom, officer, now)] : []),
    ]);
  } catch (err) {
    if (!isIdentityGuardFailure(err)) throw err;
    // Another clerk registered the same person between our read and this write.
    await refuseDuplicates(db, 'nominee', committeeId, key, distinctFrom);
    throw new AppError('conflict', 'The nominee could not be added; try again');
  }
  const [stored] = await db.select().from(nominees).where(eq(nominees.id, row.id));
  return stored!;
}
