import { asc } from 'drizzle-orm';
import type { Db } from '../db/client';
import { officers } from '../db/schema';
import { LOGIN_THROTTLE, listThrottles } from './throttle';

/**
 * Every account, without its password hash; `lockedUntil` (ISO) when wrong passwords lock it
 * from at least one address (the latest such end), so the admin sees whom to unlock.
 */
export async function listOfficers(db: Db, now: Date) {
  const rows = await db.select().from(officers).orderBy(asc(officers.username));
  const locks = await listThrottles(db, 'login:', LOGIN_THROTTLE, now);
  const lockedUntil = new Map<string, number>();
  for (const lock of locks) {
    if (lock.lockedUntil === null || lock.lockedUntil <= now.getTime()) continue;
    const username = lock.subject.slice(0, lock.subject.indexOf(':'));
    lockedUntil.set(username, Math.max(lockedUntil.get(username) ?? 0, lock.lockedUntil));
  }
  return rows.map((o) => {
    const until = lockedUntil.get(o.username);
    return { id: o.id, username: o.username, displayName: o.displayName, role: o.role, disabled: o.disabledAt !== null, lockedUntil: until ? new Date(until).toISOString() : null };
  });
}
