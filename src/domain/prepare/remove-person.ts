import { and, eq, inArray, ne, sql } from 'drizzle-orm';
import type { AppDeps } from '../../deps';
import { writeAtomically } from '../../db/atomic';
import { attendees, meetings, persons, slips, tabletSessions } from '../../db/schema';
import { isForeignKeyFailure, refuseIfUsed } from './in-use';
import { requirePerson } from './update-person';

/**
 * Removes a roster entry added by mistake. A person on the roster of an open or closed meeting
 * stays (the record names them; take them off future rosters with active = false instead). From
 * draft meetings the person goes with their attendee row, slip and tablet sessions, in one batch.
 */
export async function removePerson(deps: AppDeps, personId: string): Promise<void> {
  const { db } = deps;
  const person = await requirePerson(deps, personId);
  const sealed = db.select({ id: meetings.id }).from(meetings).where(ne(meetings.status, 'draft'));
  const [row] = await db
    .select({ n: sql<number>`COUNT(*)` })
    .from(attendees)
    .where(and(eq(attendees.personId, personId), inArray(attendees.meetingId, sealed)));
  refuseIfUsed('person', personId, { sealedMeetings: row?.n ?? 0 });
  const drafts = db.select({ id: meetings.id }).from(meetings).where(and(eq(meetings.committeeId, person.committeeId), eq(meetings.status, 'draft')));
  try {
    await writeAtomically(db, [
      db.delete(tabletSessions).where(and(eq(tabletSessions.personId, personId), inArray(tabletSessions.meetingId, drafts))),
      db.delete(slips).where(and(eq(slips.personId, personId), inArray(slips.meetingId, drafts))),
      db.delete(attendees).where(and(eq(attendees.personId, personId), inArray(attendees.meetingId, drafts))),
      // If a meeting opened since the check, its attendee row remains and the foreign key refuses this.
      db.delete(persons).where(eq(persons.id, personId)),
    ]);
  } catch (err) {
    if (isForeignKeyFailure(err)) refuseIfUsed('person', personId, { sealedMeetings: 1 });
    throw err;
  }
}
