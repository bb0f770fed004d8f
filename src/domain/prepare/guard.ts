import { eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { meetings, MEETING_STATUSES } from '../../db/schema';
import { AppError } from '../../errors';

type MeetingStatus = (typeof MEETING_STATUSES)[number];

/**
 * The first statement of every batch that changes a meeting's preparation. It writes NULL into
 * the NOT NULL `meetings.title` unless the meeting is still in one of `allowed`, which makes
 * SQLite (and a D1 batch) abort and roll back the WHOLE batch. That is how "any change once the
 * meeting is open is refused" holds even if the presiding officer opens the meeting between our
 * read and our write: the condition is checked inside the write, not before it.
 */
export function meetingStatusGuard(db: Db, meetingId: string, allowed: readonly MeetingStatus[] = ['draft']) {
  const list = sql.join(allowed.map((s) => sql`${s}`), sql`, `);
  return db
    .update(meetings)
    .set({ title: sql`CASE WHEN ${meetings.status} IN (${list}) THEN ${meetings.title} ELSE NULL END` })
    .where(eq(meetings.id, meetingId));
}

/** Every message along an error's cause chain (drizzle wraps the driver's error). */
function messages(err: unknown): string {
  const parts: string[] = [];
  for (let e: unknown = err, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    parts.push(e instanceof Error ? e.message : String(e));
  }
  return parts.join(' | ');
}

/** Whether a write failed on a NOT NULL guard for `table.column` (see meetingStatusGuard). */
export function isGuardFailure(err: unknown, column: string): boolean {
  return messages(err).includes(`NOT NULL constraint failed: ${column}`);
}

export function isUniqueFailure(err: unknown, column?: string): boolean {
  const text = messages(err);
  return text.includes('UNIQUE constraint failed') && (!column || text.includes(column));
}

/** Maps a failed guard to the refusal it stands for; anything else is rethrown unchanged. */
export function rethrowGuard(err: unknown, lockedDetail = 'The meeting is no longer a draft'): never {
  if (isGuardFailure(err, 'meetings.title')) throw new AppError('meeting_locked', lockedDetail);
  throw err;
}
