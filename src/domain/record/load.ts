import { and, asc, eq, lte } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { checkpoints, cosignatures, departmentKeys, logEntries, meetings } from '../../db/schema';
import { AppError } from '../../errors';

export async function loadMeetingRow(db: Db, meetingId: string) {
  const [m] = await db.select().from(meetings).where(eq(meetings.id, meetingId));
  if (!m) throw new AppError('not_found', `No meeting ${meetingId}`);
  return m;
}

/** Every signed checkpoint of the meeting, by size. */
export async function loadCheckpoints(db: Db, meetingId: string) {
  return db.select().from(checkpoints).where(eq(checkpoints.meetingId, meetingId)).orderBy(asc(checkpoints.size));
}

/** The log's first `size` entries, in index order. */
export async function loadEntries(db: Db, meetingId: string, size: number) {
  return db
    .select({ idx: logEntries.idx, entry: logEntries.entry, leafHash: logEntries.leafHash, type: logEntries.type })
    .from(logEntries)
    .where(and(eq(logEntries.meetingId, meetingId), lte(logEntries.idx, size - 1)))
    .orderBy(asc(logEntries.idx));
}

export async function loadCosignatures(db: Db, meetingId: string) {
  return db.select().from(cosignatures).where(eq(cosignatures.meetingId, meetingId)).orderBy(asc(cosignatures.department));
}

export async function loadDepartmentKeys(db: Db) {
  return db.select().from(departmentKeys).orderBy(asc(departmentKeys.department));
}
