import { and, eq } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { logEntries } from '../../db/schema';

/** The `discussion` entry of (item, round) in the meeting's log, if there is one. */
export async function discussionOf(db: Db, meetingId: string, itemId: string, round: number): Promise<{ idx: number } | null> {
  const rows = await db
    .select({ idx: logEntries.idx, entry: logEntries.entry })
    .from(logEntries)
    .where(and(eq(logEntries.meetingId, meetingId), eq(logEntries.type, 'discussion')));
  for (const r of rows) {
    const obj = JSON.parse(r.entry.slice(r.entry.indexOf('\n') + 1)) as { item?: string; round?: number };
    if (obj.item === itemId && obj.round === round) return { idx: r.idx };
  }
  return null;
}
