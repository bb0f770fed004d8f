import { eq } from 'drizzle-orm';
import { ballotReceipt, parseSignedBallot, verifyBallotSignature, type SignedBallot } from '../../../crypto/ballot';
import { bytesToHex, CryptoInputError, hexToBytes } from '../../../crypto/bytes';
import { canonicalize } from '../../../crypto/jcs';
import { logEntries } from '../../db/schema';
import type { AppDeps } from '../../deps';
import { AppError } from '../../errors';
import { RuleInputError, validateBallotChoices } from '../../rules';
import { ballotRowKey, boxBallot, storedBallot, type BoxVote } from './ballot-box';
import { castItem, castNomineeIds, castVote } from './cast-reads';
import { voteKey } from '../coissue/vote-keys';
import { parseVoteSubject } from './keys';
import { publishProgress } from './progress';
import { castTokenBatcher } from './token-batcher';

/** The one choice key of a reconsideration motion's ballot: approve = yes, disapprove = no. */
export const MOTION_CHOICE = 'reconsider';

export interface CastResult {
  receipt: string;
  /** false when this exact ballot was already stored (a resend): same receipt, nothing new. */
  created: boolean;
}

/**
 * Accepts an anonymous ballot. Nothing about the sender is known or stored: until its vote
 * closes the ballot is sealed in the ballot box (ballot-box.ts: a keyed row id, AES-GCM, one
 * length per vote, no time, WITHOUT ROWID — R7). The row is written (synchronous=FULL) before
 * the caller acknowledges it.
 */
export async function castBallot(deps: AppDeps, body: unknown): Promise<CastResult> {
  const db = deps.db;
  let ballot: SignedBallot;
  try {
    ballot = parseSignedBallot(body);
  } catch (err) {
    if (err instanceof CryptoInputError) throw new AppError('invalid_ballot', err.message);
    throw err;
  }
  const receipt = ballotReceipt(ballot);
  const stored = canonicalize(ballot);
  const { itemId, purpose } = parseVoteSubject(ballot.item);
  // The ballot's own claim of its vote only locates its row; the checks below decide.
  const claimed: BoxVote = { meetingId: ballot.meeting, itemId, round: ballot.round, purpose };
  // The row key is keyed by the claimed meeting; once the item is found to be of that meeting it
  // is the row key of the vote's box too, so it is computed once.
  const rowKey = ballotRowKey(deps.config, ballot.meeting, ballot.ballot_pk);
  if (await isResend(deps, claimed, ballot, stored, receipt, rowKey)) return { receipt, created: false };

  // The reads of every cast are prepared once per database (cast-reads.ts).
  const item = await castItem(db, itemId);
  if (item.meetingId !== ballot.meeting) throw new AppError('invalid_ballot', 'The ballot names another meeting');
  const vote = await castVote(db, itemId, ballot.round, purpose);
  if (!vote || vote.status !== 'open') throw new AppError('vote_not_open');
  if (purpose === 'motion' && ballot.class !== 'A') throw new AppError('invalid_ballot', 'A motion has class A ballots only');

  // Derived once per (meeting, item, round, purpose, class) and cached (keys.ts): HKDF + KeyGen
  // + a G2 multiplication would otherwise be paid by every cast. A co-issued vote's key is the
  // combined pk_s + pk_c of the co-issuer's statement (docs/coissuance.md), cached likewise.
  const key = await voteKey(deps, { meetingId: item.meetingId, itemId, round: ballot.round, purpose, klass: ballot.class });
  // The token must be under the key logged for this item, round and class — a token of another
  // item or round carries another key id and is refused here.
  if (ballot.key_id !== bytesToHex(key.keyId)) throw new AppError('invalid_ballot', 'key_id is not the key of this item, round and class');
  // Every cheap check comes before the shared pairing check, so a ballot that fails one of them
  // never joins (or slows) a batch.
  if (!(deps.castCrypto?.verifyBallotSignature ?? verifyBallotSignature)(ballot)) throw new AppError('invalid_ballot', 'The ballot signature does not verify');
  try {
    // R6 (one clear choice per nominee) and R8 (at most k approvals).
    if (purpose === 'motion') validateBallotChoices([MOTION_CHOICE], 1, ballot.choices);
    else validateBallotChoices(await castNomineeIds(db, itemId), item.seats, ballot.choices);
  } catch (err) {
    if (err instanceof RuleInputError) throw new AppError('invalid_ballot', err.message);
    throw err;
  }
  // Verify before accept: the token's pairing check, batched with the concurrent casts under the
  // same key (token-batcher.ts), must pass before the INSERT below can take a `cast ≤ issued`
  // slot or a receipt be given. The signature's decoding and subgroup check run there once.
  const token = { keyId: key.keyId, ballotPk: hexToBytes(ballot.ballot_pk), signature: hexToBytes(ballot.token_sig) };
  if (!(await (deps.castCrypto?.tokenBatcher ?? castTokenBatcher).check(key.publicKey, token))) {
    throw new AppError('invalid_ballot', 'The token signature does not verify');
  }

  // cast ≤ issued per (item, round, purpose, class), checked in the same statement as the insert.
  const box: BoxVote = { meetingId: item.meetingId, itemId, round: ballot.round, purpose };
  if (!(await boxBallot(db, deps.config, box, ballot.class, ballot, { rowKey, canonical: stored }))) {
    if (await isResend(deps, box, ballot, stored, receipt, rowKey)) return { receipt, created: false };
    const now = await castVote(db, itemId, ballot.round, purpose);
    if (now?.status !== 'open') throw new AppError('vote_not_open');
    throw new AppError('conflict', 'As many ballots as tokens issued have already been cast');
  }
  await publishProgress(deps, vote);
  return { receipt, created: true };
}

/**
 * true: this exact ballot is stored already — sealed in its open vote's box, or, once the vote
 * has closed, in the log (found by its receipt, the leaf hash). Throws ballot_conflict for
 * another ballot under its ballot key in this meeting.
 */
async function isResend(deps: AppDeps, vote: BoxVote, ballot: SignedBallot, canonical: string, receipt: string, rowKey: string): Promise<boolean> {
  const found = await storedBallot(deps.db, deps.config, vote, ballot.ballot_pk, rowKey);
  if (found.state === 'boxed') {
    if (found.canonical !== canonical) throw new AppError('ballot_conflict');
    return true;
  }
  if (found.state === 'spent') {
    const [logged] = await deps.db.select({ meetingId: logEntries.meetingId }).from(logEntries).where(eq(logEntries.leafHash, receipt)).limit(1);
    if (logged?.meetingId === vote.meetingId) return true;
    throw new AppError('ballot_conflict');
  }
  return false;
}
