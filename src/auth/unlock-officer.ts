import { eq } from 'drizzle-orm';
import type { AppDeps } from '../deps';
import { officers } from '../db/schema';
import { AppError } from '../errors';
import { clearThrottles, throttleKeys } from './throttle';

/**
 * An administrator lifts an officer's login locks from every address (auth/throttle.ts
 * LOGIN_THROTTLE), e.g. when the presiding officer mistyped five times before a meeting.
 * The per-address limit (LOGIN_ADDRESS_THROTTLE) names no account and is not lifted here.
 */
export async function unlockOfficer(deps: AppDeps, officerId: string): Promise<{ cleared: number }> {
  const [row] = await deps.db.select({ username: officers.username }).from(officers).where(eq(officers.id, officerId));
  if (!row) throw new AppError('not_found', `No officer ${officerId}`);
  return { cleared: await clearThrottles(deps.db, throttleKeys.loginAccountPrefix(row.username), deps.now()) };
}
