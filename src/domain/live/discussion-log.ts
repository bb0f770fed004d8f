import { and, eq } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { logEntries } from '../../db/schema';

/** A `discussion` entry as logged (R11): who introduced the item and who spoke, in order. */
export interface LoggedDiscussion {
  item: string;
  round: number;
  introducedBy: string;
  speakers: Array<{ person: string; name: string }>;
  /** The entry's index in the meeting's log: the log keeps no clock, its order is the "when". */
  entry: number;
}

/** Every `discussion` entry of the meeting's log, in log order. */
export async function discussionsOf(db: Db, meetingId: string): Promise<LoggedDiscussion[]> {
  const rows = await db
    .select({ idx: logEntries.idx, entry: logEntries.entry })
    .from(logEntries)
    .where(and(eq(logEntries.meetingId, meetingId), eq(logEntries.type, 'discussion')))
    .orderBy(logEntries.idx);
  return rows.map((r) => {
    const obj = JSON.parse(r.entry.slice(r.entry.indexOf('\n') + 1)) as Omit<LoggedDiscussion, 'entry'>;
    return { item: obj.item, round: obj.round, introducedBy: obj.introducedBy, speakers: obj.speakers, entry: r.idx };
  });
}

/** The `discussion` entry of (item, round) in the meeting's log, if there is one. */
export async function discussionOf(db: Db, meetingId: string, itemId: string, round: number): Promise<{ idx: number } | null> {
  const found = (await discussionsOf(db, meetingId)).find((d) => d.item === itemId && d.round === round);
  return found ? { idx: found.entry } : null;
}
