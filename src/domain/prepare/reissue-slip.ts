import { and, eq, isNotNull, sql } from 'drizzle-orm';
import type { AppDeps } from '../../deps';
import { writeAtomically } from '../../db/atomic';
import { attendees, slips } from '../../db/schema';
import { AppError } from '../../errors';
import { meetingStatusGuard, rethrowGuard } from './guard';
import { requireMeeting } from './meetings';
import { formatSlipCode, newSlipCode, slipCodeHash } from './slip-code';
import type { IssuedSlip } from './issue-slips';

/**
 * A new code for one person; the old one dies with the overwrite. Allowed while the slip is
 * unused, or after the person signed out or was marked as left (the only way back in). Refused
 * while they are signed in: a second live code would let two tablets speak for one member.
 */
export async function reissueSlip(deps: AppDeps, meetingId: string, personId: string): Promise<IssuedSlip> {
  const { db } = deps;
  const meeting = await requireMeeting(db, meetingId);
  if (meeting.status === 'closed') throw new AppError('meeting_locked', 'The meeting is closed');
  const [attendee] = await db
    .select()
    .from(attendees)
    .where(and(eq(attendees.meetingId, meetingId), eq(attendees.personId, personId)));
  if (!attendee) throw new AppError('not_found', `${personId} is not on this meeting's roster`);
  if (attendee.excusedReason !== null) throw new AppError('attendee_excused', 'An excused person gets no slip');

  const code = newSlipCode();
  const codeHash = slipCodeHash(deps.config.slipPepper, meetingId, code);
  const now = deps.now().getTime();
  const signedOut = db
    .select({ one: sql`1` })
    .from(attendees)
    .where(and(eq(attendees.meetingId, meetingId), eq(attendees.personId, personId), isNotNull(attendees.signedOutAt)));
  let results: unknown[];
  try {
    results = await writeAtomically(db, [
      meetingStatusGuard(db, meetingId, ['draft', 'open']),
      db
        .insert(slips)
        .values({ meetingId, personId, codeHash, issuedAt: now })
        .onConflictDoUpdate({
          target: [slips.meetingId, slips.personId],
          set: { codeHash, issuedAt: now, redeemedAt: null },
          setWhere: sql`${slips.redeemedAt} IS NULL OR EXISTS ${signedOut}`,
        })
        .returning({ personId: slips.personId }),
    ]);
  } catch (err) {
    rethrowGuard(err, 'The meeting is closed');
  }
  if ((results[1] as unknown[]).length === 0) {
    throw new AppError('conflict', `${attendee.name} is signed in; mark them as left before issuing a new slip`, { reason: 'signed-in' });
  }
  return { personId, name: attendee.name, unit: attendee.unit, title: attendee.title, class: attendee.class, code: formatSlipCode(code) };
}
