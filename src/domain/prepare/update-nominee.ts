import { eq } from 'drizzle-orm';
import type { AppDeps } from '../../deps';
import { nominees } from '../../db/schema';
import { AppError } from '../../errors';
import type { Nominee } from './committees';
import { refuseIfUsed } from './in-use';
import { nomineeInOpenMeeting, nomineeUses } from './uses';

export interface NomineeChanges {
  name?: string;
  birthDate?: string;
  currentPost?: string;
  resume?: string;
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
export async function updateNominee(deps: AppDeps, nomineeId: string, changes: NomineeChanges): Promise<Nominee> {
  const nominee = await requireNominee(deps, nomineeId);
  const identity = (changes.name !== undefined && changes.name !== nominee.name) || (changes.birthDate !== undefined && changes.birthDate !== nominee.birthDate);
  if (identity) {
    const { sealedItems, bars } = await nomineeUses(deps.db, nomineeId);
    refuseIfUsed('nominee', nomineeId, { sealedItems, bars });
  }
  if (await nomineeInOpenMeeting(deps.db, nomineeId)) {
    throw new AppError('meeting_locked', 'The nominee is on an item of a meeting in progress');
  }
  const [row] = await deps.db
    .update(nominees)
    .set({
      name: changes.name ?? nominee.name,
      birthDate: changes.birthDate ?? nominee.birthDate,
      currentPost: changes.currentPost ?? nominee.currentPost,
      resume: changes.resume ?? nominee.resume,
    })
    .where(eq(nominees.id, nomineeId))
    .returning();
  return row!;
}
