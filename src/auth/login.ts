import { eq } from 'drizzle-orm';
import type { AppDeps } from '../deps';
import { officers } from '../db/schema';
import { AppError } from '../errors';
import type { OfficerPrincipal } from '../domain/principals';
import { normalizeUsername } from './create-officer';
import { burnPasswordCheck, verifyPassword } from './password';
import { startSession } from './sessions';
import { LOGIN_ADDRESS_THROTTLE, LOGIN_THROTTLE, chargeAttempt, clearThrottle, forgiveAttempt, throttleKeys } from './throttle';

export interface LoginInput {
  username: string;
  password: string;
  address: string;
  /** The session id the browser still holds, deleted on success (rotation). */
  previousSessionId: string | undefined;
}

export interface LoginResult {
  officer: OfficerPrincipal;
  sessionId: string;
  csrfToken: string;
}

/**
 * Checks a password under two throttles — the account from this address (5 failures in 15
 * minutes) and the address whatever the account (20) — and starts a fresh session. A lock is
 * per (account, address): guesses from elsewhere never lock the officer out of their own
 * machine (issue 20). One answer for "no such user", "disabled" and "wrong password", in the
 * same time, so accounts cannot be enumerated; a lock is a 429 with `retryAfter` either way.
 */
export async function login(deps: AppDeps, input: LoginInput): Promise<LoginResult> {
  const username = normalizeUsername(input.username);
  const now = deps.now();
  const accountKey = throttleKeys.login(username, input.address);
  const addressKey = throttleKeys.loginAddress(input.address);
  await chargeAttempt(deps.db, addressKey, LOGIN_ADDRESS_THROTTLE, now);
  await chargeAttempt(deps.db, accountKey, LOGIN_THROTTLE, now);

  const [row] = await deps.db.select().from(officers).where(eq(officers.username, username));
  const ok = row && row.disabledAt === null ? await verifyPassword(input.password, row.passwordHash) : await burnPasswordCheck(input.password);
  if (!row || !ok) throw new AppError('login_failed');

  await clearThrottle(deps.db, accountKey);
  await forgiveAttempt(deps.db, addressKey);
  const { sessionId, csrfToken } = await startSession(deps, row.id, input.previousSessionId);
  return { officer: { id: row.id, username: row.username, displayName: row.displayName, role: row.role }, sessionId, csrfToken };
}
