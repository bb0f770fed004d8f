import { and, eq, isNull, sql } from 'drizzle-orm';
import { hexToBytes } from '../../../crypto/bytes';
import { verifyPartialAnswer } from '../../../crypto/coissue';
import { coissuerPublicKey } from '../../../crypto/coissuer-statements';
import { writeAtomically, type WriteQuery } from '../../db/atomic';
import type { Db } from '../../db/client';
import { coissueRequests, tokens, type VotePurpose } from '../../db/schema';
import type { AppDeps } from '../../deps';
import { AppError } from '../../errors';
import { loadVote } from '../live/load';
import { publishProgress } from '../live/progress';
import { coissuerRow } from './issuance';
import { storedStatement } from './vote-keys';
import { publishAnswer, publishCoissue } from './wait';

export const COISSUER_REFUSALS = ['no_key_statement', 'vote_not_open', 'state_lost', 'not_on_roster', 'wrong_class', 'already_issued', 'absent', 'bad_blinded'] as const;
export type CoissuerRefusal = (typeof COISSUER_REFUSALS)[number];

export type PostedAnswer = { item: string; round: number; purpose: VotePurpose; person: string } & (
  | { partial: string; sig: string }
  | { refusal: CoissuerRefusal }
);

export interface AnswerReceipt {
  item: string;
  round: number;
  purpose: VotePurpose;
  person: string;
  stored: boolean;
  reason?: 'no_request' | 'vote_not_open' | 'answered_otherwise' | 'bad_signature';
}

/**
 * Stores the co-issuer's answers (docs/coissuance.md §4.3). An answer is stored only while its
 * vote is open, only for an unanswered request, and only if its signature verifies under the
 * registered key over (key_id, B, S'_c). Each answer's token row is written with it, and the
 * whole post in ONE atomic write (a burst's answers come together: one transaction, not one
 * each), so the service's issuance roll is exactly the co-issued tokens. Each answer gets
 * `stored`, so the co-issuer knows whom its roll lists; sending one again is harmless.
 */
export async function postAnswers(deps: AppDeps, meetingId: string, answers: PostedAnswer[]): Promise<{ answers: AnswerReceipt[] }> {
  const db = deps.db;
  const row = await coissuerRow(db, meetingId);
  if (!row) throw new AppError('coissuer_not_registered');
  const identity = coissuerPublicKey(row.verifierKey);
  const votes = new Map<string, VoteOfAnswer>();
  for (const a of answers) votes.set(voteKeyOf(a), { itemId: a.item, round: a.round, purpose: a.purpose });
  const before = await requestsOf(db, meetingId, votes);
  const receipts: Array<AnswerReceipt | null> = [];
  const writes: WriteQuery[] = [];
  for (const a of answers) {
    const ref = { item: a.item, round: a.round, purpose: a.purpose, person: a.person };
    const request = before.get(requestKeyOf(a));
    if (!request) {
      receipts.push({ ...ref, stored: false, reason: 'no_request' });
      continue;
    }
    const pk = and(eq(coissueRequests.itemId, a.item), eq(coissueRequests.round, a.round), eq(coissueRequests.purpose, a.purpose), eq(coissueRequests.personId, a.person));
    const voteOpen = sql`EXISTS (SELECT 1 FROM votes WHERE item_id = ${a.item} AND round = ${a.round} AND purpose = ${a.purpose} AND status = 'open')`;
    if ('refusal' in a) {
      writes.push(db.update(coissueRequests).set({ refusal: a.refusal }).where(and(pk, isNull(coissueRequests.partial), isNull(coissueRequests.refusal))));
    } else {
      const statement = await storedStatement(db, { itemId: a.item, round: a.round, purpose: a.purpose, klass: request.class });
      const ok =
        statement !== null &&
        verifyPartialAnswer(identity, hexToBytes(statement.statement.key_id, 32), hexToBytes(request.blinded, 48), hexToBytes(a.partial, 48), hexToBytes(a.sig, 64), deps.ed25519);
      if (!ok) {
        receipts.push({ ...ref, stored: false, reason: 'bad_signature' });
        continue;
      }
      // The token row only if this answer is the one stored (a resend finds its token row there already).
      writes.push(
        db.update(coissueRequests).set({ partial: a.partial, sig: a.sig }).where(and(pk, isNull(coissueRequests.partial), isNull(coissueRequests.refusal), voteOpen)),
        db
          .insert(tokens)
          .select(
            db
              .select({
                itemId: coissueRequests.itemId,
                round: coissueRequests.round,
                purpose: coissueRequests.purpose,
                personId: coissueRequests.personId,
                meetingId: coissueRequests.meetingId,
                class: coissueRequests.class,
                blindedHash: coissueRequests.blindedHash,
              })
              .from(coissueRequests)
              .where(and(pk, eq(coissueRequests.partial, a.partial), voteOpen)),
          )
          .onConflictDoNothing(),
      );
    }
    receipts.push(null);
  }
  await writeAtomically(db, writes);
  const after = await requestsOf(db, meetingId, votes);
  const touched = new Map<string, VoteOfAnswer>();
  answers.forEach((a, i) => {
    if (receipts[i]) return;
    const ref = { item: a.item, round: a.round, purpose: a.purpose, person: a.person };
    const now = after.get(requestKeyOf(a));
    const mine = 'refusal' in a ? now?.refusal === a.refusal && now.partial === null : now?.partial === a.partial;
    if (mine) receipts[i] = { ...ref, stored: true };
    else if (now?.partial !== null || now?.refusal !== null) receipts[i] = { ...ref, stored: false, reason: 'answered_otherwise' };
    else receipts[i] = { ...ref, stored: false, reason: 'vote_not_open' };
    touched.set(voteKeyOf(a), votes.get(voteKeyOf(a))!);
    publishAnswer(deps, meetingId, a.person);
  });
  publishCoissue(deps, meetingId);
  for (const v of touched.values()) {
    const vote = await loadVote(db, v.itemId, v.round, v.purpose);
    if (vote) await publishProgress(deps, vote);
  }
  return { answers: receipts as AnswerReceipt[] };
}

type VoteOfAnswer = { itemId: string; round: number; purpose: VotePurpose };
const voteKeyOf = (a: { item: string; round: number; purpose: string }) => `${a.item}|${a.round}|${a.purpose}`;
const requestKeyOf = (a: { item: string; round: number; purpose: string; person: string }) => `${voteKeyOf(a)}|${a.person}`;

/**
 * Every request of these votes in this meeting, by (vote, person): one query per vote (a post
 * answers one vote, two at a round's edge) rather than one per answer; a vote has at most one
 * request per person on the roster.
 */
async function requestsOf(db: Db, meetingId: string, votes: Map<string, VoteOfAnswer>): Promise<Map<string, typeof coissueRequests.$inferSelect>> {
  const out = new Map<string, typeof coissueRequests.$inferSelect>();
  for (const v of votes.values()) {
    const rows = await db
      .select()
      .from(coissueRequests)
      .where(and(eq(coissueRequests.meetingId, meetingId), eq(coissueRequests.itemId, v.itemId), eq(coissueRequests.round, v.round), eq(coissueRequests.purpose, v.purpose)));
    for (const r of rows) out.set(requestKeyOf({ item: r.itemId, round: r.round, purpose: r.purpose, person: r.personId }), r);
  }
  return out;
}
