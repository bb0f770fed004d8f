/**
 * The tablet's side of one ballot (design.md, "Anonymous ballot tokens"):
 *   key proven in the signed log → ballot key + blind → KEEP → token request → finalize against
 *   the PROVEN key → KEEP → choices checked (R6, R8) → sign → KEEP → cast with no credential →
 *   receipt → KEEP.
 * The issuer key comes only from its `key` entry with an inclusion proof against a checkpoint
 * signed by the pinned service key (log-check.ts), never from an unsigned answer. Every step is
 * persisted before the network call that depends on it, so a reload or crash at any point
 * resumes with the same blinded point / the same signed ballot, which the server answers
 * idempotently; nothing is ever sent twice in two different forms.
 */
import { ballotReceipt, newBallotKey, signBallot, type BallotBody, type SignedBallot } from '../../../crypto/ballot';
import { bytesToHex, hexToBytes } from '../../../crypto/bytes';
import { CoissuanceFault, finalizeCoissued } from '../../../crypto/coissue';
import { coissuerPublicKey } from '../../../crypto/coissuer-statements';
import { blind, finalize, verifyToken } from '../../../crypto/token';
import { validateBallotChoices, type Choice } from '../../../src/rules';
import { apiRequest, type FetchLike } from './api';
import { LogRefused, type LogFollower, type LogProblem, type ProvenKey } from './log-check';
import type { KioskStore } from './store';

export type BallotClass = 'A' | 'B';

export interface TabletSession {
  meetingId: string;
  tabletToken: string;
  person: { id: string; name: string; class: BallotClass };
  meeting: { id: string; title: string; date: string };
}

/** One vote to take part in: the item (its API id), the ballot's subject and the round. */
export interface VoteTarget {
  item: string;
  /** The ballot's `item` field: the item id, or "<item>#motion" for a reconsideration motion. */
  subject: string;
  round: number;
  /** 'motion' for a reconsideration motion (R10), which has its own keys and tokens. */
  purpose: 'vote' | 'motion';
}

export interface VoteRecord {
  meeting: string;
  item: string;
  subject: string;
  round: number;
  purpose: 'vote' | 'motion';
  class: BallotClass;
  /** The issuer key for (item, round, class) as proven in the signed log, lowercase hex. */
  keyId: string;
  publicKey: string;
  /** Co-issued votes (docs/coissuance.md): the logged shares and the co-issuer's identity key. */
  shares?: { service: string; commission: string };
  coissuerKey?: string;
  ballotSk: string;
  ballotPk: string;
  blindState: string;
  blinded: string;
  tokenSig?: string;
  signed?: SignedBallot;
  receipt?: string;
  /** 'blinded': token requested; 'token': token verified; 'signed': ballot kept, maybe sent; 'cast': receipt back. */
  status: 'blinded' | 'token' | 'signed' | 'cast';
}

export interface VoteEnv {
  fetch: FetchLike;
  store: KioskStore;
}

export interface TokenEnv extends VoteEnv {
  /** The meeting's log as this tablet checked it: the only source of issuer keys. */
  log: LogFollower;
}

/** No signed checkpoint covers the opening yet: the tablet asks again at its next poll. */
export class KeyNotYetSigned extends Error {
  override readonly name = 'KeyNotYetSigned';
}

/** Why the tablet refuses to go on; shown to the member, never silently retried. */
export class TokenRefused extends Error {
  override readonly name = 'TokenRefused';
  constructor(
    readonly reason: 'no_logged_key' | 'key_unproven' | 'key_mismatch' | 'bad_signature' | 'receipt_mismatch' | 'partial_wrong',
    detail: string,
    /** For 'partial_wrong': who signed wrong (crypto/coissue.ts names them). */
    readonly parties: Array<'service' | 'coissuer'> = [],
    /** For 'key_unproven': what the log check found (log-check.ts). */
    readonly logProblem?: LogProblem,
  ) {
    super(detail);
  }
}

/** The co-issuer has not answered yet (202): the same request goes again at the next poll. */
export class TokenWaiting extends Error {
  override readonly name = 'TokenWaiting';
  constructor(readonly reason: 'coissuer_offline' | 'awaiting_coissuer') {
    super(reason);
  }
}

export const SESSION_KEY = 'session';
export const voteKey = (subject: string, round: number): string => `vote:${subject}:${round}`;

function str(o: Record<string, unknown>, ...names: string[]): string | undefined {
  for (const n of names) if (typeof o[n] === 'string') return o[n] as string;
  return undefined;
}

/**
 * Makes sure this tablet holds a verified token for (item, round). Called as soon as the item
 * opens, without waiting for the member. Idempotent: resumes from whatever was kept. Asks for a
 * token only once the class key is proven in the signed log; a proof that fails is a refusal
 * (TokenRefused 'key_unproven'), a checkpoint not signed yet is KeyNotYetSigned.
 */
export async function ensureToken(env: TokenEnv, session: TabletSession, target: VoteTarget): Promise<VoteRecord> {
  const { item, subject, round, purpose } = target;
  const key = voteKey(subject, round);
  let rec = await env.store.get<VoteRecord>(key);
  if (rec?.tokenSig) return rec;
  const klass = session.person.class;
  if (!rec) {
    let logged: ProvenKey | null;
    try {
      logged = await env.log.provenKey(target, klass);
    } catch (e) {
      if (e instanceof LogRefused) throw new TokenRefused('key_unproven', e.message, [], e.reason);
      throw e;
    }
    if (!logged) throw new KeyNotYetSigned(`no signed checkpoint covers the ${klass} key of ${purpose} round ${round} yet`);
    const ballot = newBallotKey();
    const { blinded, blindState } = blind(hexToBytes(logged.keyId, 32), ballot.publicKey);
    rec = {
      meeting: session.meetingId,
      item,
      subject,
      round,
      purpose,
      class: klass,
      keyId: logged.keyId,
      publicKey: logged.publicKey,
      ...(logged.shares ? { shares: logged.shares, coissuerKey: logged.coissuerKey } : {}),
      ballotSk: bytesToHex(ballot.secretKey),
      ballotPk: bytesToHex(ballot.publicKey),
      blindState: bytesToHex(blindState),
      blinded: bytesToHex(blinded),
      status: 'blinded',
    };
    // Kept BEFORE the request: after a lost answer the same blinded point is sent again.
    await env.store.put(key, rec);
  }
  const answer = await apiRequest<Record<string, unknown>>(env.fetch, `/api/items/${encodeURIComponent(item)}/tokens`, {
    method: 'POST',
    bearer: session.tabletToken,
    credentials: 'omit',
    body: { round, class: klass, purpose: rec.purpose, blinded: rec.blinded },
  });
  if (answer?.status === 'waiting') {
    throw new TokenWaiting(answer.reason === 'coissuer_offline' ? 'coissuer_offline' : 'awaiting_coissuer');
  }
  const blindSignature = str(answer, 'blindSignature', 'blind_signature');
  const answeredKeyId = str(answer, 'keyId', 'key_id')?.toLowerCase();
  const answeredPk = str(answer, 'publicKey', 'public_key')?.toLowerCase();
  if (!blindSignature) throw new TokenRefused('bad_signature', 'no blind signature in the answer');
  if ((answeredKeyId && answeredKeyId !== rec.keyId) || (answeredPk && answeredPk !== rec.publicKey)) {
    // A key that is not the logged one could single this tablet out (design.md).
    throw new TokenRefused('key_mismatch', 'the server signed with a key that is not the logged key');
  }
  let tokenSig: Uint8Array;
  if (rec.shares && rec.coissuerKey) {
    const coissuer = answer.coissuer as Record<string, unknown> | undefined;
    if (typeof coissuer?.partial !== 'string' || typeof coissuer.sig !== 'string') throw new TokenRefused('bad_signature', "no co-issuer's partial in the answer");
    try {
      // Each partial under its own logged share, then S = r⁻¹·(S'_s + S'_c) (crypto/coissue.ts).
      tokenSig = finalizeCoissued({
        publicKey: hexToBytes(rec.publicKey, 96),
        keyId: hexToBytes(rec.keyId, 32),
        servicePk: hexToBytes(rec.shares.service, 96),
        commissionPk: hexToBytes(rec.shares.commission, 96),
        coissuerKey: coissuerPublicKey(rec.coissuerKey),
        ballotPk: hexToBytes(rec.ballotPk, 32),
        blindState: hexToBytes(rec.blindState, 32),
        blinded: hexToBytes(rec.blinded, 48),
        servicePartial: hexToBytes(blindSignature, 48),
        commissionPartial: hexToBytes(coissuer.partial, 48),
        answerSignature: hexToBytes(coissuer.sig, 64),
      });
    } catch (e) {
      if (e instanceof CoissuanceFault) throw new TokenRefused('partial_wrong', e.message, e.parties);
      throw new TokenRefused('bad_signature', `token does not verify: ${(e as Error).message}`);
    }
  } else {
    try {
      tokenSig = finalize(
        hexToBytes(rec.publicKey, 96),
        hexToBytes(rec.keyId, 32),
        hexToBytes(rec.ballotPk, 32),
        hexToBytes(rec.blindState, 32),
        hexToBytes(blindSignature, 48),
      );
    } catch (e) {
      throw new TokenRefused('bad_signature', `token does not verify under the logged key: ${(e as Error).message}`);
    }
  }
  rec = { ...rec, tokenSig: bytesToHex(tokenSig), status: 'token' };
  await env.store.put(key, rec);
  return rec;
}

/** True when the kept token verifies under the kept logged key (checked again before casting). */
export function tokenVerifies(rec: VoteRecord): boolean {
  if (!rec.tokenSig) return false;
  return verifyToken(hexToBytes(rec.publicKey, 96), hexToBytes(rec.keyId, 32), hexToBytes(rec.ballotPk, 32), hexToBytes(rec.tokenSig, 48));
}

/** Signs and keeps the ballot; once kept, its choices are final (a second form would be refused). */
export async function signAndKeep(
  env: VoteEnv,
  rec: VoteRecord,
  nomineeIds: string[],
  seats: number,
  choices: Record<string, Choice>,
): Promise<VoteRecord> {
  if (rec.signed) return rec;
  if (!rec.tokenSig) throw new Error('no token yet');
  // R6 / R8: one clear choice per nominee, at most k approvals.
  validateBallotChoices(nomineeIds, seats, choices);
  const body: BallotBody = {
    v: 1,
    meeting: rec.meeting,
    item: rec.subject,
    round: rec.round,
    class: rec.class,
    key_id: rec.keyId,
    ballot_pk: rec.ballotPk,
    token_sig: rec.tokenSig,
    choices: Object.fromEntries(nomineeIds.map((id) => [id, choices[id] as Choice])),
  };
  const signed = signBallot(body, hexToBytes(rec.ballotSk, 32));
  const next: VoteRecord = { ...rec, signed, status: 'signed' };
  await env.store.put(voteKey(rec.subject, rec.round), next);
  return next;
}

/**
 * Casts the kept ballot: no cookie (credentials 'omit') and no Authorization header, so
 * nothing on the request names the member. A resend of the same ballot returns the same receipt.
 */
export async function castKept(env: VoteEnv, rec: VoteRecord): Promise<VoteRecord> {
  if (rec.status === 'cast' && rec.receipt) return rec;
  if (!rec.signed) throw new Error('no signed ballot kept');
  const expected = ballotReceipt(rec.signed);
  const answer = await apiRequest<{ receipt?: string }>(env.fetch, '/api/ballots', {
    method: 'POST',
    credentials: 'omit',
    body: rec.signed,
  });
  const receipt = answer?.receipt?.toLowerCase();
  if (receipt !== expected) {
    throw new TokenRefused('receipt_mismatch', 'the receipt is not the hash of the ballot sent');
  }
  const next: VoteRecord = { ...rec, receipt, status: 'cast' };
  await env.store.put(voteKey(rec.subject, rec.round), next);
  return next;
}

/** The receipt's first 10 hex digits in two groups of five, easy to read aloud and to compare. */
export function shortCode(receipt: string): string {
  if (!/^[0-9a-f]{10,}$/.test(receipt)) throw new Error('receipt must be lowercase hex');
  return `${receipt.slice(0, 5)} ${receipt.slice(5, 10)}`;
}

