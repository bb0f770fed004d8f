import { and, eq, isNull, sql } from 'drizzle-orm';
import type { AppDeps } from '../../deps';
import { writeAtomically } from '../../db/atomic';
import { attendees, slips, tabletSessions, throttles } from '../../db/schema';
import { AppError } from '../../errors';
import { SLIP_THROTTLE, assertNotLocked, chargeAttempt, forgiveAttempt, note, throttleKeys, wasNoted } from '../../auth/throttle';
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
 * tablet session for one slip), 403 `attendee_excused`, 429 `rate_limited` with `retryAfter`
 * after 10 different refused codes from one address at one meeting (auth/throttle.ts). A code
 * this address already had refused is refused again without counting twice, and a string that
 * cannot be a code at all (too short, a foreign symbol) counts nothing: neither tests a guess.
 */
export async function signIn(deps: AppDeps, input: { meetingId: string; code: string; address: string }): Promise<SignInResult> {
  const { db } = deps;
  const meeting = await requireMeeting(db, input.meetingId);
  if (meeting.status === 'closed') throw new AppError('meeting_locked', 'The meeting is closed');
  const throttleKey = throttleKeys.slip(meeting.id, input.address);
  const now = deps.now();
  await assertNotLocked(db, throttleKey, now);
  const code = normalizeSlipCode(input.code);
  if (!code) throw new AppError('slip_invalid');
  const codeHash = slipCodeHash(deps.config.slipPepper, meeting.id, code);
  const triedKey = throttleKeys.slipCode(meeting.id, codeHash, input.address);
  // Charged BEFORE the code is checked (throttle.ts), unless it is a code already refused here.
  const retried = await wasNoted(db, triedKey, SLIP_THROTTLE, now);
  if (!retried) await chargeAttempt(db, throttleKey, SLIP_THROTTLE, now);
  let personId: string;
  try {
    personId = await redeem(deps, meeting.id, codeHash, now.getTime());
  } catch (err) {
    // Noted only once checked and refused: a code turned away by the lock was never tested.
    if (err instanceof AppError) await note(db, triedKey, now);
    throw err;
  }
  if (!retried) await forgiveAttempt(db, throttleKey);
  await db.delete(throttles).where(eq(throttles.key, triedKey));

  const t = now.getTime();
  const tabletToken = randomToken(32);
  await writeAtomically(db, [
    db.insert(tabletSessions).values({ tokenHash: sha256Hex(tabletToken), meetingId: meeting.id, personId, createdAt: t }),
    db
      .update(attendees)
      .set({ signedInAt: t, signedOutAt: null })
      .where(and(eq(attendees.meetingId, meeting.id), eq(attendees.personId, personId))),
  ]);
  const [person] = await db
    .select({ id: attendees.personId, name: attendees.name, class: attendees.class })
    .from(attendees)
    .where(and(eq(attendees.meetingId, meeting.id), eq(attendees.personId, personId)));
  return { tabletToken, person: person!, meeting: { id: meeting.id, title: meeting.title, date: meeting.date } };
}

/** Redeems the slip with this code hash, or throws why not; returns the person it names. */
async function redeem(deps: AppDeps, meetingId: string, codeHash: string, t: number): Promise<string> {
  const { db } = deps;
  const notExcused = sql`NOT EXISTS (SELECT 1 FROM ${attendees} WHERE ${attendees.meetingId} = ${slips.meetingId} AND ${attendees.personId} = ${slips.personId} AND ${attendees.excusedReason} IS NOT NULL)`;
  // The one conditional UPDATE that decides who redeems a code: two tablets racing with the
  // same code cannot both get a row back.
  const [redeemed] = await db
    .update(slips)
    .set({ redeemedAt: t })
    .where(and(eq(slips.codeHash, codeHash), eq(slips.meetingId, meetingId), isNull(slips.redeemedAt), notExcused))
    .returning({ personId: slips.personId });
  if (redeemed) return redeemed.personId;
  const [slip] = await db.select().from(slips).where(and(eq(slips.codeHash, codeHash), eq(slips.meetingId, meetingId)));
  if (!slip) throw new AppError('slip_invalid');
  if (slip.redeemedAt !== null) throw new AppError('slip_used');
  throw new AppError('attendee_excused');
}
