import { asc } from 'drizzle-orm';
import type { Db } from '../db/client';
import { officers } from '../db/schema';

/** Every account, without its password hash. */
export async function listOfficers(db: Db) {
  const rows = await db.select().from(officers).orderBy(asc(officers.username));
  return rows.map((o) => ({ id: o.id, username: o.username, displayName: o.displayName, role: o.role, disabled: o.disabledAt !== null }));
}
