import { eq } from 'drizzle-orm';
import type { AppDeps } from '../deps';
import { writeAtomically } from '../db/atomic';
import { officerSessions, officers } from '../db/schema';
import { AppError } from '../errors';
import { PASSWORD_MAX, PASSWORD_MIN } from './create-officer';
import { hashPassword, type KdfCost } from './password';

/**
 * An administrator sets a new password for an account (forgotten, or possibly known to someone
 * else). Every session of the account ends in the same batch, so whoever held the old password
 * is out. `kdf` lowers the scrypt cost and exists for tests only.
 */
export async function resetPassword(deps: AppDeps, officerId: string, password: string, kdf?: KdfCost): Promise<void> {
  if (password.length < PASSWORD_MIN || password.length > PASSWORD_MAX) {
    throw new AppError('validation_failed', `password: ${PASSWORD_MIN}–${PASSWORD_MAX} characters`, { errors: [{ path: ['password'], message: `${PASSWORD_MIN}–${PASSWORD_MAX} characters` }] });
  }
  const [row] = await deps.db.select({ id: officers.id }).from(officers).where(eq(officers.id, officerId));
  if (!row) throw new AppError('not_found', `No officer ${officerId}`);
  const passwordHash = await hashPassword(password, kdf);
  await writeAtomically(deps.db, [
    deps.db.update(officers).set({ passwordHash }).where(eq(officers.id, officerId)),
    deps.db.delete(officerSessions).where(eq(officerSessions.officerId, officerId)),
  ]);
}
