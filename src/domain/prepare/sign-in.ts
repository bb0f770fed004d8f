import { and, eq, isNull, sql } from 'drizzle-orm';
import type { AppDeps } from '../../deps';
import { writeAtomically } from '../../db/atomic';
import { attendees, slips, tabletSessions } from '../../db/schema';
import { AppError } from '../../errors';
import { SLIP_THROTTLE, chargeAttempt, forgiveAttempt, throttleKeys } from '../../auth/throttle';
import { randomToken, sha256Hex } from '../../auth/tokens';
import { requireMeeting } from './meetings';
import { normalizeSlipCode, slipCodeHash } from './slip-code';

export interface SignInResult {
  tabletToken: string;
  person: { id: string; name: string; class: 'A' | 'B' };
  meeting: { id: string; title: string; date: string };
}

/**
 * A tablet redeems a sign-in slip. Refusals: 401 `slip_invalid` (wrong code, or a code of
 * another meeting), 409 `slip_used` (the code was already redeemed: there is never a second
 * tablet session for one slip), 403 `attendee_excused`, 429 after 10 failures from one address
 * at one meeting. Every refusal counts toward that limit.
 */
export async function signIn(deps: AppDeps, input: { meetingId: string; code: string; address: string }): Promise<SignInResult> {
  const { db } = deps;
  const meeting = await requireMeeting(db, input.meetingId);
  if (meeting.status === 'closed') throw new AppError('meeting_locked', 'The meeting is closed');
  const throttleKey = throttleKeys.slip(meeting.id, input.address);
  const now = deps.now();
  await chargeAttempt(db, throttleKey, SLIP_THROTTLE, now);

  const code = normalizeSlipCode(input.code);
  if (!code) throw new AppError('slip_invalid');
  const codeHash = slipCodeHash(deps.config.slipPepper, meeting.id, code);
  const t = now.getTime();
  const notExcused = sql`NOT EXISTS (SELECT 1 FROM ${attendees} WHERE ${attendees.meetingId} = ${slips.meetingId} AND ${attendees.personId} = ${slips.personId} AND ${attendees.excusedReason} IS NOT NULL)`;
  // The one conditional UPDATE that decides who redeems a code: two tablets racing with the
  // same code cannot both get a row back.
  const [redeemed] = await db
    .update(slips)
    .set({ redeemedAt: t })
    .where(and(eq(slips.codeHash, codeHash), eq(slips.meetingId, meeting.id), isNull(slips.redeemedAt), notExcused))
    .returning({ personId: slips.personId });
  if (!redeemed) {
    const [slip] = await db.select().from(slips).where(and(eq(slips.codeHash, codeHash), eq(slips.meetingId, meeting.id)));
    if (!slip) throw new AppError('slip_invalid');
    if (slip.redeemedAt !== null) throw new AppError('slip_used');
    throw new AppError('attendee_excused');
  }
  await forgiveAttempt(db, throttleKey);

  const tabletToken = randomToken(32);
  await writeAtomically(db, [
    db.insert(tabletSessions).values({ tokenHash: sha256Hex(tabletToken), meetingId: meeting.id, personId: redeemed.personId, createdAt: t }),
    db
      .update(attendees)
      .set({ signedInAt: t, signedOutAt: null })
      .where(and(eq(attendees.meetingId, meeting.id), eq(attendees.personId, redeemed.personId))),
  ]);
  const [person] = await db
    .select({ id: attendees.personId, name: attendees.name, class: attendees.class })
    .from(attendees)
    .where(and(eq(attendees.meetingId, meeting.id), eq(attendees.personId, redeemed.personId)));
  return { tabletToken, person: person!, meeting: { id: meeting.id, title: meeting.title, date: meeting.date } };
}
