import { and, eq, sql } from 'drizzle-orm';
import type { AppDeps } from '../../deps';
import { writeAtomically } from '../../db/atomic';
import { attendees, meetings, persons } from '../../db/schema';
import { AppError } from '../../errors';
import { newId } from '../../ids';
import { requireCommittee } from './committees';
import { requireConsultationWindow, requireDateAhead } from './meeting-date';

export type Meeting = typeof meetings.$inferSelect;

export interface NewMeeting {
  committeeId: string;
  /**
   * The meeting's calendar date in the committee's zone: today or later (R14). It opens on that
   * day only, and every date the rules use (R3 bar checks, bars and their lifting) is this one.
   */
  date: string;
  title: string;
  /** R13: 'sitting' unless said; a written consultation (书面征求意见) runs from `date` to `closesOn`. */
  kind?: 'sitting' | 'consultation';
  /** A consultation's last day, inclusive, in the committee's zone: at most 30 days from `date` (docs/full-committee.md §5). */
  closesOn?: string;
}

/**
 * Creates a draft meeting and snapshots the committee's active roster into `attendees`: the
 * members are those DUE (R1, R2), the observers class B. Both rows land in one batch, so a
 * meeting never exists without its roster.
 */
export async function createMeeting(deps: AppDeps, input: NewMeeting): Promise<Meeting> {
  const { db } = deps;
  const committee = await requireCommittee(db, input.committeeId);
  requireDateAhead(deps, committee, input.date);
  const kind = input.kind ?? 'sitting';
  requireConsultationWindow(kind, input.date, input.closesOn, committee);
  const [due] = await db
    .select({ n: sql<number>`COUNT(*)` })
    .from(persons)
    .where(and(eq(persons.committeeId, input.committeeId), eq(persons.kind, 'member'), eq(persons.active, true)));
  if (!due || due.n === 0) throw new AppError('rule_violation', 'The committee has no active members: nobody would be due (R1, R2)', { reason: 'no-members' });

  const meeting: Meeting = {
    id: newId('mtg'),
    committeeId: input.committeeId,
    date: input.date,
    title: input.title,
    status: 'draft',
    kind,
    closesOn: kind === 'consultation' ? input.closesOn! : null,
    openedAt: null,
    closedAt: null,
    createdAt: deps.now().getTime(),
  };
  const roster = db
    .select({
      meetingId: sql<string>`${meeting.id}`.as('meeting_id'),
      personId: persons.id,
      // R4, R13 (rules/committee.ts ballotClassOf): members A; observers and alternates B.
      class: sql<'A' | 'B'>`CASE WHEN ${persons.kind} = 'member' THEN 'A' ELSE 'B' END`.as('class'),
      kind: persons.kind,
      name: persons.name,
      unit: persons.unit,
      title: persons.title,
      excusedReason: sql<null>`NULL`.as('excused_reason'),
      rank: persons.rank,
      signedInAt: sql<null>`NULL`.as('signed_in_at'),
      signedOutAt: sql<null>`NULL`.as('signed_out_at'),
      role: persons.role,
    })
    .from(persons)
    .where(and(eq(persons.committeeId, input.committeeId), eq(persons.active, true)));
  await writeAtomically(db, [db.insert(meetings).values(meeting), db.insert(attendees).select(roster)]);
  return meeting;
}
