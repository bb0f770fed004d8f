import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { attendees, meetings, persons } from '../../db/schema';

/**
 * Copies the roster's current name, unit, title, class, rank and role into the attendee rows of the
 * committee's DRAFT meetings. A meeting's roster is a snapshot so that a sealed meeting never
 * changes (create-meeting.ts); until it opens, a fix to the roster is a fix to the meeting too.
 * The status test is inside the statement: a meeting opened a moment earlier keeps its snapshot.
 */
export function syncDraftAttendees(db: Db, committeeId: string) {
  const person = (column: string) => sql.raw(`(SELECT "${column}" FROM "persons" WHERE "persons"."id" = "attendees"."person_id")`);
  return db
    .update(attendees)
    .set({
      name: sql`${person('name')}`,
      unit: sql`${person('unit')}`,
      title: sql`${person('title')}`,
      rank: sql`${person('rank')}`,
      role: sql`${person('role')}`,
      class: sql`CASE ${person('kind')} WHEN 'member' THEN 'A' ELSE 'B' END`,
      kind: sql`${person('kind')}`,
    })
    .where(
      and(
        inArray(attendees.meetingId, db.select({ id: meetings.id }).from(meetings).where(and(eq(meetings.committeeId, committeeId), eq(meetings.status, 'draft')))),
        inArray(attendees.personId, db.select({ id: persons.id }).from(persons).where(eq(persons.committeeId, committeeId))),
      ),
    );
}
