import type { Db } from '../db/client';
import { officers, type OfficerRole } from '../db/schema';
import { AppError } from '../errors';
import { newId } from '../ids';
import type { OfficerPrincipal } from '../domain/principals';
import { hashPassword, type KdfCost } from './password';

export const USERNAME_PATTERN = /^[a-z0-9][a-z0-9._-]{1,39}$/;
export const PASSWORD_MIN = 12;
export const PASSWORD_MAX = 256;

export interface NewOfficer {
  username: string;
  displayName: string;
  role: OfficerRole;
  password: string;
}

export function normalizeUsername(username: string): string {
  return username.normalize('NFC').trim().toLowerCase();
}

/**
 * Creates an officer account. Used by `POST /api/officers` (admin), `sealvote admin create` and
 * the demo setup. `kdf` lowers the scrypt cost and exists for tests only.
 */
export async function createOfficer(db: Db, input: NewOfficer, opts: { now: Date; kdf?: KdfCost }): Promise<OfficerPrincipal> {
  const username = normalizeUsername(input.username);
  if (!USERNAME_PATTERN.test(username)) throw new AppError('bad_request', 'username: 2–40 of a-z 0-9 . _ -, starting with a letter or digit');
  if (input.password.length < PASSWORD_MIN || input.password.length > PASSWORD_MAX) {
    throw new AppError('bad_request', `password: ${PASSWORD_MIN}–${PASSWORD_MAX} characters`);
  }
  const passwordHash = await hashPassword(input.password, opts.kdf);
  const row = { id: newId('ofc'), username, displayName: input.displayName.normalize('NFC'), role: input.role, passwordHash, createdAt: opts.now.getTime() };
  // The UNIQUE username decides a race between two admins, not a read before the write.
  const inserted = await db.insert(officers).values(row).onConflictDoNothing({ target: officers.username }).returning({ id: officers.id });
  if (inserted.length === 0) throw new AppError('already_exists', `An officer named ${username} already exists`);
  return { id: row.id, username, displayName: row.displayName, role: row.role };
}
