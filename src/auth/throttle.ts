import { eq, sql } from 'drizzle-orm';
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

/**
 * Officer login, per (account, address): 5 wrong passwords in 15 minutes lock that account from
 * that address for 15 minutes. Nobody elsewhere can lock an officer out (issue 20): the officer's
 * own address is untouched, and an administrator can lift a lock (POST /api/officers/{id}/unlock).
 */
export const LOGIN_THROTTLE: ThrottlePolicy = { limit: 5, windowMs: 15 * MINUTE, lockMs: 15 * MINUTE };
/**
 * Officer login, per address whatever the account: 20 failures in 15 minutes lock the address for
 * 15 minutes, so one machine cannot try 5 passwords on every account in turn.
 */
export const LOGIN_ADDRESS_THROTTLE: ThrottlePolicy = { limit: 20, windowMs: 15 * MINUTE, lockMs: 15 * MINUTE };
/**
 * Slip sign-in, per (meeting, address): 10 different refused codes in 15 minutes lock that address
 * out of signing in at that meeting for 5 minutes. A code is 50 bits, so 10 guesses in 5 minutes
 * are no threat; the lock is short because behind a proxy that is not configured
 * (SEALVOTE_TRUSTED_PROXIES) an address can be a whole room, and the clerk can lift it.
 */
export const SLIP_THROTTLE: ThrottlePolicy = { limit: 10, windowMs: 15 * MINUTE, lockMs: 5 * MINUTE };

export const throttleKeys = {
  /** Usernames have no ':' (create-officer.ts), so `login:<username>:` prefixes one account's keys. */
  login: (username: string, address: string) => `login:${username}:${address}`,
  loginAccountPrefix: (username: string) => `login:${username}:`,
  loginAddress: (address: string) => `login-address:${address}`,
  slip: (meetingId: string, address: string) => `slip:${meetingId}:${address}`,
  slipPrefix: (meetingId: string) => `slip:${meetingId}:`,
  /**
   * A code this address already had refused at this meeting (HMAC of the code, slip-code.ts):
   * sent again, it is answered without being charged again — per code, a retyped typo or a
   * tablet's resend is one guess, not ten.
   */
  slipCode: (meetingId: string, codeHash: string, address: string) => `slip-code:${meetingId}:${codeHash}:${address}`,
  slipCodePrefix: (meetingId: string) => `slip-code:${meetingId}:`,
};

/** The 429 of a locked key; `retryAfter` (seconds) also becomes the Retry-After header (problem.ts). */
export function lockedError(lockedUntil: number, now: number): AppError {
  return new AppError('rate_limited', 'Too many failed attempts; try again later', { retryAfter: Math.max(1, Math.ceil((lockedUntil - now) / 1000)) });
}

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
  if (row?.lockedUntil != null && row.lockedUntil > t) throw lockedError(row.lockedUntil, t);
}

/** Throws the 429 when the key is locked, without charging an attempt. */
export async function assertNotLocked(db: Db, key: string, now: Date): Promise<void> {
  const [row] = await db.select({ lockedUntil: throttles.lockedUntil }).from(throttles).where(eq(throttles.key, key));
  if (row?.lockedUntil != null && row.lockedUntil > now.getTime()) throw lockedError(row.lockedUntil, now.getTime());
}

/** True when `key` was noted (`note`) within the policy's window. */
export async function wasNoted(db: Db, key: string, policy: ThrottlePolicy, now: Date): Promise<boolean> {
  const [row] = await db.select({ windowStart: throttles.windowStart }).from(throttles).where(eq(throttles.key, key));
  return row !== undefined && row.windowStart > now.getTime() - policy.windowMs;
}

/** Notes a key (a refused slip code) for one window from now. */
export async function note(db: Db, key: string, now: Date): Promise<void> {
  const t = now.getTime();
  await db
    .insert(throttles)
    .values({ key, failures: 1, windowStart: t, lockedUntil: null })
    .onConflictDoUpdate({ target: throttles.key, set: { windowStart: t } });
}

export interface ThrottleState {
  /** What follows the prefix: the address (or code and address) the key counts. */
  subject: string;
  failures: number;
  /** Epoch ms; null while only counting. */
  lockedUntil: number | null;
}

/** The keys under a prefix that are locked, or count failures in their window. */
export async function listThrottles(db: Db, prefix: string, policy: ThrottlePolicy, now: Date): Promise<ThrottleState[]> {
  const t = now.getTime();
  const rows = await db
    .select()
    .from(throttles)
    .where(sql`substr(${throttles.key}, 1, ${prefix.length}) = ${prefix} AND (${throttles.lockedUntil} > ${t} OR (${throttles.lockedUntil} IS NULL AND ${throttles.failures} > 0 AND ${throttles.windowStart} > ${t - policy.windowMs}))`)
    .orderBy(throttles.key);
  return rows.map((r) => ({ subject: r.key.slice(prefix.length), failures: r.failures, lockedUntil: r.lockedUntil }));
}

/** Deletes every key under a prefix (an officer's lifted lock, a clerk's cleared room); returns how many were locked. */
export async function clearThrottles(db: Db, prefix: string, now: Date): Promise<number> {
  // substr, not LIKE: '_' in a username or id would be a wildcard.
  const deleted = await db
    .delete(throttles)
    .where(sql`substr(${throttles.key}, 1, ${prefix.length}) = ${prefix}`)
    .returning({ lockedUntil: throttles.lockedUntil });
  return deleted.filter((r) => r.lockedUntil !== null && r.lockedUntil > now.getTime()).length;
}

/** Deletes one key whatever its state; 1 when it was locked. */
export async function deleteThrottle(db: Db, key: string, now: Date): Promise<number> {
  const deleted = await db.delete(throttles).where(eq(throttles.key, key)).returning({ lockedUntil: throttles.lockedUntil });
  return deleted.filter((r) => r.lockedUntil !== null && r.lockedUntil > now.getTime()).length;
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

