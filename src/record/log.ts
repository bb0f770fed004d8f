import { asc, eq, sql } from 'drizzle-orm';
import { bytesToHex } from '../../crypto/bytes';
import { entryBytes, type LogEntryObject } from '../../crypto/log-entry';
import { leafHash } from '../../crypto/merkle';
import { writeAtomically, type WriteQuery } from '../db/atomic';
import type { Db } from '../db/client';
import { logEntries } from '../db/schema';
import { AppError } from '../errors';

const DECODER = new TextDecoder();

export interface PreparedEntry {
  type: string;
  entry: string;
  leafHash: string;
}

/** entry bytes as stored text, and the RFC 9162 leaf hash SHA-256(0x00 || entry). */
export function prepareEntry(obj: LogEntryObject): PreparedEntry {
  const bytes = entryBytes(obj);
  return { type: obj.type, entry: DECODER.decode(bytes), leafHash: bytesToHex(leafHash(bytes)) };
}

/** The number of entries in a meeting's log (the next leaf index). */
export async function logSize(db: Db, meetingId: string): Promise<number> {
  const rows = await db
    .select({ n: sql<number>`count(*)` })
    .from(logEntries)
    .where(eq(logEntries.meetingId, meetingId));
  return Number(rows[0]?.n ?? 0);
}

export async function readLog(db: Db, meetingId: string): Promise<Array<{ idx: number; type: string; entry: string; leafHash: string }>> {
  return db
    .select({ idx: logEntries.idx, type: logEntries.type, entry: logEntries.entry, leafHash: logEntries.leafHash })
    .from(logEntries)
    .where(eq(logEntries.meetingId, meetingId))
    .orderBy(asc(logEntries.idx));
}

/** What one change of a meeting writes: log entries plus the rows that change with them. */
export interface MeetingChange<T> {
  entries: LogEntryObject[];
  queries?: WriteQuery[];
  value: T;
}

function isIndexConflict(err: unknown): boolean {
  for (let e: unknown = err, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const msg = e instanceof Error ? e.message : String(e);
    // A racer that wrote the same entries at the same index may trip the leaf-hash index before
    // the primary key (SQLite checks a table's unique indexes in no promised order): same race.
    if (/UNIQUE constraint failed: log_entries\.meeting_id, log_entries\.(idx|leaf_hash)/.test(msg)) return true;
  }
  return false;
}

const MAX_ATTEMPTS = 8;

/**
 * Commits one change of a meeting: its log entries at idx = current size and its rows, in ONE
 * atomic write. The log size is the meeting's version: `build` reads the state it depends on
 * AFTER the size was read, and every state change of a meeting appends to its log, so if our
 * entries land at that index nobody changed the meeting in between. A concurrent change takes
 * the index first (primary key (meeting_id, idx)), our write fails whole, and we rebuild from
 * the new state — where `build` may now refuse (AppError).
 */
export async function commitMeetingChange<T>(
  db: Db,
  meetingId: string,
  build: (size: number) => Promise<MeetingChange<T>>,
): Promise<{ value: T; size: number; first: number }> {
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const size = await logSize(db, meetingId);
    const change = await build(size);
    const rows = change.entries.map((obj, i) => ({ meetingId, idx: size + i, ...prepareEntry(obj) }));
    const inserts: WriteQuery[] = rows.map((row) => db.insert(logEntries).values(row));
    try {
      await writeAtomically(db, [...inserts, ...(change.queries ?? [])]);
      return { value: change.value, size: size + rows.length, first: size };
    } catch (err) {
      if (!isIndexConflict(err)) throw err;
    }
  }
  throw new AppError('conflict', 'The meeting changed repeatedly while this change was being recorded; try again');
}
