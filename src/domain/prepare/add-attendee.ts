import { and, eq, sql } from 'drizzle-orm';
import type { AppDeps } from '../../deps';
import { writeAtomically } from '../../db/atomic';
import { attendees, persons } from '../../db/schema';
import { AppError } from '../../errors';
import { ballotClassOf } from '../../rules';
import { isUniqueFailure, meetingStatusGuard, rethrowGuard } from './guard';
import { requireMeeting } from './meetings';

/**
 * Puts a roster person on a draft meeting's roster (e.g. added to the committee after the
 * meeting was created): a member becomes DUE (R1, R2), an observer class B.
 */
export async function addAttendee(deps: AppDeps, meetingId: string, personId: string): Promise<void> {
  const { db } = deps;
  const meeting = await requireMeeting(db, meetingId);
  if (meeting.status !== 'draft') throw new AppError('meeting_locked');
  const [person] = await db.select().from(persons).where(and(eq(persons.id, personId), eq(persons.committeeId, meeting.committeeId)));
  if (!person) throw new AppError('not_found', `No person ${personId} in this committee`);
  try {
    await writeAtomically(db, [
      meetingStatusGuard(db, meetingId),
      db.insert(attendees).values({
        meetingId,
        personId,
        class: ballotClassOf(person.kind),
        kind: person.kind,
        name: person.name,
        unit: person.unit,
        title: person.title,
        rank: person.rank,
        role: person.role,
        excusedReason: sql`NULL`,
      }),
    ]);
  } catch (err) {
    if (isUniqueFailure(err)) throw new AppError('already_exists', `${person.name} is already on this meeting's roster`);
    rethrowGuard(err);
  }
}
