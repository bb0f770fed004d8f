import { eq, sql } from 'drizzle-orm';
import { ballotReceipt, parseSignedBallot, verifyBallotSignature, type SignedBallot } from '../../../crypto/ballot';
import { bytesToHex, CryptoInputError, hexToBytes } from '../../../crypto/bytes';
import { canonicalize } from '../../../crypto/jcs';
import type { Db } from '../../db/client';
import { ballots } from '../../db/schema';
import type { AppDeps } from '../../deps';
import { AppError } from '../../errors';
import { RuleInputError, validateBallotChoices } from '../../rules';
import { issuerKey, parseVoteSubject } from './keys';
import { loadItem, loadItemNominees, loadVote } from './load';
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
 * Accepts an anonymous ballot. Nothing about the sender is known or stored: the row holds the
 * ballot and its receipt only, in a WITHOUT ROWID table keyed by the random ballot key (R7).
 * The row is written (synchronous=FULL) before the caller acknowledges it.
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
  const resend = await compareStored(db, ballot.ballot_pk, stored);
  if (resend) return { receipt, created: false };

  const { itemId, purpose } = parseVoteSubject(ballot.item);
  const item = await loadItem(db, itemId);
  if (item.meetingId !== ballot.meeting) throw new AppError('invalid_ballot', 'The ballot names another meeting');
  const vote = await loadVote(db, itemId, ballot.round, purpose);
  if (!vote || vote.status !== 'open') throw new AppError('vote_not_open');
  if (purpose === 'motion' && ballot.class !== 'A') throw new AppError('invalid_ballot', 'A motion has class A ballots only');

  // Derived once per (meeting, item, round, purpose, class) and cached (keys.ts): HKDF + KeyGen
  // + a G2 multiplication would otherwise be paid by every cast.
  const key = issuerKey(deps.config, { meetingId: item.meetingId, itemId, round: ballot.round, purpose, klass: ballot.class });
  // The token must be under the key logged for this item, round and class — a token of another
  // item or round carries another key id and is refused here.
  if (ballot.key_id !== bytesToHex(key.keyId)) throw new AppError('invalid_ballot', 'key_id is not the key of this item, round and class');
  // Every cheap check comes before the shared pairing check, so a ballot that fails one of them
  // never joins (or slows) a batch.
  if (!(deps.castCrypto?.verifyBallotSignature ?? verifyBallotSignature)(ballot)) throw new AppError('invalid_ballot', 'The ballot signature does not verify');
  try {
    // R6 (one clear choice per nominee) and R8 (at most k approvals).
    if (purpose === 'motion') validateBallotChoices([MOTION_CHOICE], 1, ballot.choices);
    else validateBallotChoices((await loadItemNominees(db, itemId)).map((n) => n.id), item.seats, ballot.choices);
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
  const inserted = await db.all<{ ballot_pk: string }>(sql`
    INSERT INTO ballots (ballot_pk, meeting_id, item_id, round, purpose, class, ballot, receipt)
    SELECT ${ballot.ballot_pk}, ${item.meetingId}, ${itemId}, ${ballot.round}, ${purpose}, ${ballot.class}, ${stored}, ${receipt}
    WHERE EXISTS (SELECT 1 FROM votes WHERE item_id = ${itemId} AND round = ${ballot.round} AND purpose = ${purpose} AND status = 'open')
      AND (SELECT count(*) FROM ballots WHERE item_id = ${itemId} AND round = ${ballot.round} AND purpose = ${purpose} AND class = ${ballot.class})
        < (SELECT count(*) FROM tokens WHERE item_id = ${itemId} AND round = ${ballot.round} AND purpose = ${purpose} AND class = ${ballot.class})
    ON CONFLICT(ballot_pk) DO NOTHING
    RETURNING ballot_pk`);
  if (inserted.length === 0) {
    if (await compareStored(db, ballot.ballot_pk, stored)) return { receipt, created: false };
    const now = await loadVote(db, itemId, ballot.round, purpose);
    if (now?.status !== 'open') throw new AppError('vote_not_open');
    throw new AppError('conflict', 'As many ballots as tokens issued have already been cast');
  }
  await publishProgress(deps, vote);
  return { receipt, created: true };
}

/** true: this exact ballot is stored; throws ballot_conflict for another ballot under its key. */
async function compareStored(db: Db, ballotPk: string, canonical: string): Promise<boolean> {
  const [row] = await db.select({ ballot: ballots.ballot }).from(ballots).where(eq(ballots.ballotPk, ballotPk));
  if (!row) return false;
  if (row.ballot !== canonical) throw new AppError('ballot_conflict');
  return true;
}
