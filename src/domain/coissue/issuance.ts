import { eq } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { meetingCoissuers } from '../../db/schema';

/**
 * How a meeting's tokens are issued (docs/coissuance.md §1). A meeting is co-issued exactly
 * when it opened with a registered co-issuer key (`sealed_at` set in the opening write); before
 * that, and for a committee that chose `service`, the service issues alone.
 */
export type Issuance = { mode: 'service' } | { mode: 'coissued'; verifierKey: string; lastSeenAt: number | null };

/** The co-issuer is "online" when it asked for work this recently (its long poll waits ≤ 20 s). */
export const ONLINE_WINDOW_MS = 30_000;

export function isOnline(lastSeenAt: number | null, now: number): boolean {
  return lastSeenAt !== null && now - lastSeenAt <= ONLINE_WINDOW_MS;
}

export async function coissuerRow(db: Db, meetingId: string) {
  const [row] = await db.select().from(meetingCoissuers).where(eq(meetingCoissuers.meetingId, meetingId));
  return row ?? null;
}

export async function meetingIssuance(db: Db, meetingId: string): Promise<Issuance> {
  const row = await coissuerRow(db, meetingId);
  if (!row || row.sealedAt === null) return { mode: 'service' };
  return { mode: 'coissued', verifierKey: row.verifierKey, lastSeenAt: row.lastSeenAt };
}

// Once a meeting has a vote it is open, and its mode can no longer change: safe to remember.
const sealedModes = new WeakMap<Db, Map<string, 'service' | { verifierKey: string }>>();

/** The mode of a meeting that has (had) a vote, cached: the cast path asks it for every ballot. */
export async function sealedIssuance(db: Db, meetingId: string): Promise<'service' | { verifierKey: string }> {
  let byMeeting = sealedModes.get(db);
  if (!byMeeting) sealedModes.set(db, (byMeeting = new Map()));
  let mode = byMeeting.get(meetingId);
  if (mode === undefined) {
    const i = await meetingIssuance(db, meetingId);
    mode = i.mode === 'service' ? 'service' : { verifierKey: i.verifierKey };
    byMeeting.set(meetingId, mode);
  }
  return mode;
}
