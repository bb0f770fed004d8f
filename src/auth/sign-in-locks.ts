import type { AppDeps } from '../deps';
import { requireMeeting } from '../domain/prepare/meetings';
import { SLIP_THROTTLE, clearThrottles, deleteThrottle, listThrottles, throttleKeys } from './throttle';

export interface SignInLock {
  /** The client address (behind a trusted proxy, the tablet's own: src/http/client-address.ts). */
  address: string;
  /** Attempts with different codes counted in the current window (over the limit: locked). */
  failures: number;
  /** ISO time the lock ends; null while the address is only counting. */
  lockedUntil: string | null;
  /** Seconds until the lock ends (0 while only counting). */
  retryAfter: number;
}

/** The clerk's view of a meeting's sign-in throttle (auth/throttle.ts SLIP_THROTTLE). */
export async function listSignInLocks(deps: AppDeps, meetingId: string): Promise<SignInLock[]> {
  const meeting = await requireMeeting(deps.db, meetingId);
  const now = deps.now();
  const rows = await listThrottles(deps.db, throttleKeys.slipPrefix(meeting.id), SLIP_THROTTLE, now);
  return rows.map((r) => {
    const locked = r.lockedUntil !== null && r.lockedUntil > now.getTime();
    return {
      address: r.subject,
      failures: r.failures,
      lockedUntil: locked ? new Date(r.lockedUntil!).toISOString() : null,
      retryAfter: locked ? Math.ceil((r.lockedUntil! - now.getTime()) / 1000) : 0,
    };
  });
}

/**
 * The clerk lifts a meeting's sign-in locks: one address's, or all of them. The address's
 * count starts again from zero, and the codes it had refused count again if retyped.
 */
export async function clearSignInLocks(deps: AppDeps, meetingId: string, address?: string): Promise<{ cleared: number }> {
  const meeting = await requireMeeting(deps.db, meetingId);
  const now = deps.now();
  if (address === undefined) {
    await clearThrottles(deps.db, throttleKeys.slipCodePrefix(meeting.id), now);
    return { cleared: await clearThrottles(deps.db, throttleKeys.slipPrefix(meeting.id), now) };
  }
  return { cleared: await deleteThrottle(deps.db, throttleKeys.slip(meeting.id, address), now) };
}
