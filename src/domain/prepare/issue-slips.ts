import { and, eq, isNull } from 'drizzle-orm';
import type { AppDeps } from '../../deps';
import { writeAtomically } from '../../db/atomic';
import { attendees, slips } from '../../db/schema';
import { AppError } from '../../errors';
import { meetingStatusGuard, rethrowGuard } from './guard';
import { requireMeeting } from './meetings';
import { formatSlipCode, newSlipCode, slipCodeHash } from './slip-code';

export interface IssuedSlip {
  personId: string;
  name: string;
  unit: string;
  title: string;
  class: 'A' | 'B';
  /** Printed as `xxxxx-xxxxx`; this response is the only place it ever appears. */
  code: string;
}

/**
 * Issues a sign-in slip (签到码) to everyone on the roster who has none yet and is not excused.
 * Allowed while the meeting is a draft or open (latecomers). The (meeting, person) primary key
 * decides races: two clerks printing at once never hand out two live codes for one person.
 */
export async function issueSlips(deps: AppDeps, meetingId: string): Promise<IssuedSlip[]> {
  const { db } = deps;
  const meeting = await requireMeeting(db, meetingId);
  if (meeting.status === 'closed') throw new AppError('meeting_locked', 'The meeting is closed');
  const due = await db
    .select({ personId: attendees.personId, name: attendees.name, unit: attendees.unit, title: attendees.title, class: attendees.class })
    .from(attendees)
    .leftJoin(slips, and(eq(slips.meetingId, attendees.meetingId), eq(slips.personId, attendees.personId)))
    .where(and(eq(attendees.meetingId, meetingId), isNull(attendees.excusedReason), isNull(slips.personId)))
    .orderBy(attendees.class, attendees.name);
  if (due.length === 0) return [];
  const now = deps.now().getTime();
  const codes = new Map(due.map((a) => [a.personId, newSlipCode()]));
  let results: unknown[];
  try {
    results = await writeAtomically(db, [
      meetingStatusGuard(db, meetingId, ['draft', 'open']),
      ...due.map((a) =>
        db
          .insert(slips)
          .values({
            meetingId,
            personId: a.personId,
            codeHash: slipCodeHash(deps.config.slipPepper, meetingId, codes.get(a.personId)!),
            issuedAt: now,
          })
          .onConflictDoNothing()
          .returning({ personId: slips.personId }),
      ),
    ]);
  } catch (err) {
    rethrowGuard(err, 'The meeting is closed');
  }
  const issued = new Set((results.slice(1) as Array<Array<{ personId: string }>>).flat().map((r) => r.personId));
  return due.filter((a) => issued.has(a.personId)).map((a) => ({ ...a, code: formatSlipCode(codes.get(a.personId)!) }));
}
