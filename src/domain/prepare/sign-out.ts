import { and, eq, isNotNull, isNull } from 'drizzle-orm';
import type { AppDeps } from '../../deps';
import { writeAtomically } from '../../db/atomic';
import { attendees, tabletSessions } from '../../db/schema';
import { AppError } from '../../errors';
import { meetingStatusGuard, rethrowGuard } from './guard';
import { requireMeeting } from './meetings';

/** Ends every tablet session of the person and marks them no longer present. */
function endPresence(deps: AppDeps, meetingId: string, personId: string, t: number) {
  const { db } = deps;
  return [
    db
      .update(attendees)
      .set({ signedOutAt: t })
      .where(and(eq(attendees.meetingId, meetingId), eq(attendees.personId, personId), isNotNull(attendees.signedInAt), isNull(attendees.signedOutAt)))
      .returning({ personId: attendees.personId }),
    db
      .update(tabletSessions)
      .set({ endedAt: t })
      .where(and(eq(tabletSessions.meetingId, meetingId), eq(tabletSessions.personId, personId), isNull(tabletSessions.endedAt))),
  ] as const;
}

/**
 * The tablet signs its person out. Coming back needs a slip re-issued by the clerk: a used
 * code stays used, so a slip left on a desk cannot bring anyone back in.
 */
export async function signOut(deps: AppDeps, tablet: { meetingId: string; personId: string }): Promise<void> {
  await writeAtomically(deps.db, [...endPresence(deps, tablet.meetingId, tablet.personId, deps.now().getTime())]);
}

/** The clerk or presiding officer records that someone has left the room (R1 counts the present). */
export async function markLeft(deps: AppDeps, meetingId: string, personId: string): Promise<void> {
  await requireMeeting(deps.db, meetingId);
  let results: unknown[];
  try {
    results = await writeAtomically(deps.db, [meetingStatusGuard(deps.db, meetingId, ['draft', 'open']), ...endPresence(deps, meetingId, personId, deps.now().getTime())]);
  } catch (err) {
    rethrowGuard(err, 'The meeting is closed');
  }
  if ((results[1] as unknown[]).length === 0) throw new AppError('conflict', `${personId} is not signed in at this meeting`, { reason: 'not-signed-in' });
}
