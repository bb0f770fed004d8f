import { and, eq } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { attendees, committees, meetings } from '../../db/schema';
import { AppError } from '../../errors';
import type { TabletPrincipal } from '../principals';
import { listItems } from './meetings';

/**
 * Who a signed-in tablet speaks for, the meeting it is signed in to, and that meeting's agenda:
 * the nominees, posts and résumés a member reads before voting.
 */
export async function tabletMe(db: Db, tablet: TabletPrincipal) {
  const [row] = await db
    .select({ name: attendees.name, kind: attendees.kind, id: meetings.id, title: meetings.title, date: meetings.date, status: meetings.status, committeeKind: committees.kind })
    .from(attendees)
    .innerJoin(meetings, eq(meetings.id, attendees.meetingId))
    .innerJoin(committees, eq(committees.id, meetings.committeeId))
    .where(and(eq(attendees.meetingId, tablet.meetingId), eq(attendees.personId, tablet.personId)));
  if (!row) throw new AppError('unauthenticated');
  return {
    person: { id: tablet.personId, name: row.name, class: tablet.class, kind: row.kind },
    meeting: { id: row.id, title: row.title, date: row.date, status: row.status },
    committee: { kind: row.committeeKind },
    items: await listItems(db, tablet.meetingId),
  };
}
