import { sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import { throttles } from '../db/schema';
import { AppError } from '../errors';

export interface ThrottlePolicy {
  /** Attempts allowed in one window; the next one is refused and starts the lockout. */
  limit: number;
  windowMs: number;
  lockMs: number;
}

const MINUTE = 60_000;

/** Login: 5 failures in 15 minutes lock the account (and, separately, the address) for 15 minutes. */
export const LOGIN_THROTTLE: ThrottlePolicy = { limit: 5, windowMs: 15 * MINUTE, lockMs: 15 * MINUTE };
/** Slip sign-in: 10 wrong codes from one address at one meeting lock it out for 15 minutes. */
export const SLIP_THROTTLE: ThrottlePolicy = { limit: 10, windowMs: 15 * MINUTE, lockMs: 15 * MINUTE };

export const throttleKeys = {
  loginAccount: (username: string) => `login-account:${username}`,
  loginAddress: (address: string) => `login-address:${address}`,
  slip: (meetingId: string, address: string) => `slip:${meetingId}:${address}`,
};

/**
 * Charges one attempt BEFORE the secret is checked, in one conditional upsert, so parallel
 * guesses cannot slip past the limit between a read and a write. A success gives the charge
 * back (`forgiveAttempt`), so only failures add up. Throws 429 `rate_limited` with
 * `retryAfter` (seconds) when the key is locked.
 */
export async function chargeAttempt(db: Db, key: string, policy: ThrottlePolicy, now: Date): Promise<void> {
  const t = now.getTime();
  const locked = sql`(${throttles.lockedUntil} IS NOT NULL AND ${throttles.lockedUntil} > ${t})`;
  // A new window starts when the old one has passed or a lockout has run out.
  const fresh = sql`(${throttles.windowStart} <= ${t - policy.windowMs} OR ${throttles.lockedUntil} IS NOT NULL)`;
  const next = sql`(CASE WHEN ${locked} THEN ${throttles.failures} WHEN ${fresh} THEN 1 ELSE ${throttles.failures} + 1 END)`;
  const [row] = await db
    .insert(throttles)
    .values({ key, failures: 1, windowStart: t, lockedUntil: null })
    .onConflictDoUpdate({
      target: throttles.key,
      set: {
        failures: next,
        windowStart: sql`CASE WHEN ${locked} THEN ${throttles.windowStart} WHEN ${fresh} THEN ${t} ELSE ${throttles.windowStart} END`,
        lockedUntil: sql`CASE WHEN ${locked} THEN ${throttles.lockedUntil} WHEN ${next} > ${policy.limit} THEN ${t + policy.lockMs} ELSE NULL END`,
      },
    })
    .returning();
  if (row?.lockedUntil != null && row.lockedUntil > t) {
    throw new AppError('rate_limited', 'Too many failed attempts; try again later', {
      retryAfter: Math.ceil((row.lockedUntil - t) / 1000),
    });
  }
}

/** Gives back the charge of an attempt that succeeded (never below zero, never unlocks). */
export async function forgiveAttempt(db: Db, key: string): Promise<void> {
  await db
    .update(throttles)
    .set({ failures: sql`MAX(${throttles.failures} - 1, 0)` })
    .where(sql`${throttles.key} = ${key} AND ${throttles.lockedUntil} IS NULL`);
}

/** Forgets an account's failures after a successful login (its owner proved the password). */
export async function clearThrottle(db: Db, key: string): Promise<void> {
  await db.delete(throttles).where(sql`${throttles.key} = ${key} AND ${throttles.lockedUntil} IS NULL`);
}

