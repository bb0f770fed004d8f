/**
 * Ballots (design.md, "Anonymous ballot tokens").
 *
 * The tablet makes an ephemeral Ed25519 key pair per ballot (RFC 8032), gets a blind token on
 * m = "sealvote/token/v1" || key_id || ballot_pk (token.ts), and signs the ballot with the
 * ephemeral key, so nobody without that key can change the choices:
 *
 *   signing bytes = utf8("sealvote/ballot/v1\n") || JCS(body)     (JCS: RFC 8785, jcs.ts)
 *   sig           = Ed25519-Sign(ballot secret key, signing bytes) (RFC 8032 §5.1.6)
 *   receipt       = hex(SHA-256(0x00 || "sealvote/v1\n" || JCS({type:"ballot", ballot})))
 *
 * Verification is sealvote's one Ed25519 rule (ed25519.ts): canonical A and R, S < L, A and R
 * of prime order, [S]B = R + [k]A — the answer every standard Ed25519 library gives.
 *
 * Binary fields are lowercase hex: key_id 32 B (SHA-256 of the issuer key), ballot_pk 32 B,
 * token_sig 48 B (compressed G1 token signature), sig 64 B. The token itself is checked by
 * verifyToken (token.ts); this module only carries it.
 */
import { ed25519 } from '@noble/curves/ed25519.js';
import { verifyEd25519 } from './ed25519';
import { CryptoInputError, bytesToHex, concatBytes, equalBytes, hexToBytes, utf8 } from './bytes';
import { canonicalize } from './jcs';
import { entryLeafHash } from './log-entry';

export type Choice = 'approve' | 'disapprove' | 'abstain';
export interface BallotBody {
  v: 1;
  meeting: string;
  item: string;
  round: number;
  class: 'A' | 'B';
  /** 64 lowercase hex digits */
  key_id: string;
  /** 64 lowercase hex digits */
  ballot_pk: string;
  /** 96 lowercase hex digits */
  token_sig: string;
  /** nominee id → choice */
  choices: Record<string, Choice>;
}
export interface SignedBallot extends BallotBody {
  /** 128 lowercase hex digits */
  sig: string;
}

export const BALLOT_PREFIX = 'sealvote/ballot/v1\n';
const CHOICES: readonly string[] = ['approve', 'disapprove', 'abstain'];
const BODY_KEYS = ['v', 'meeting', 'item', 'round', 'class', 'key_id', 'ballot_pk', 'token_sig', 'choices'];
const SIGNED_KEYS = [...BODY_KEYS, 'sig'];
// Far above R5's 30 nominees a meeting; only bounds the work a hostile ballot can cause.
const MAX_NOMINEES = 64;
const MAX_ID_LENGTH = 256;

function fail(msg: string): never {
  throw new CryptoInputError(`ballot: ${msg}`);
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v) as unknown;
  return proto === Object.prototype || proto === null;
}

function lowerHex(v: unknown, bytes: number, name: string): string {
  if (typeof v !== 'string' || v.length !== 2 * bytes || !/^[0-9a-f]*$/.test(v)) {
    fail(`${name} must be ${2 * bytes} lowercase hex digits`);
  }
  return v;
}

function id(v: unknown, name: string): string {
  if (typeof v !== 'string' || v.length === 0 || v.length > MAX_ID_LENGTH) {
    fail(`${name} must be a non-empty string of at most ${MAX_ID_LENGTH} characters`);
  }
  return v;
}

function exactKeys(o: Record<string, unknown>, keys: readonly string[]): void {
  const got = Object.keys(o);
  const missing = keys.filter((k) => !Object.hasOwn(o, k));
  const extra = got.filter((k) => !keys.includes(k));
  if (missing.length > 0) fail(`missing ${missing.join(', ')}`);
  if (extra.length > 0) fail(`unexpected ${extra.join(', ')}`);
}

function parseChoices(v: unknown): Record<string, Choice> {
  if (!isPlainObject(v)) fail('choices must be an object');
  const entries = Object.entries(v);
  // R6: a ballot gives a choice for each nominee of the item, so it names at least one.
  if (entries.length === 0 || entries.length > MAX_NOMINEES) fail(`choices must name 1..${MAX_NOMINEES} nominees`);
  const out: Record<string, Choice> = {};
  for (const [nominee, choice] of entries) {
    id(nominee, 'nominee id');
    // R6: exactly one of approve / disapprove / abstain.
    if (typeof choice !== 'string' || !CHOICES.includes(choice)) fail(`choice for ${nominee} is not approve/disapprove/abstain`);
    Object.defineProperty(out, nominee, { value: choice, enumerable: true, writable: true, configurable: true });
  }
  return out;
}

function parseFields(o: Record<string, unknown>): BallotBody {
  if (o.v !== 1) fail('v must be 1');
  const round = o.round;
  if (typeof round !== 'number' || !Number.isSafeInteger(round) || round < 1) fail('round must be a positive integer');
  if (o.class !== 'A' && o.class !== 'B') fail('class must be "A" or "B"');
  return {
    v: 1,
    meeting: id(o.meeting, 'meeting'),
    item: id(o.item, 'item'),
    round,
    class: o.class,
    key_id: lowerHex(o.key_id, 32, 'key_id'),
    ballot_pk: lowerHex(o.ballot_pk, 32, 'ballot_pk'),
    token_sig: lowerHex(o.token_sig, 48, 'token_sig'),
    choices: parseChoices(o.choices),
  };
}

/** Strict shape check of an unsigned ballot body; returns a fresh copy. */
export function parseBallotBody(json: unknown): BallotBody {
  if (!isPlainObject(json)) fail('must be a JSON object');
  exactKeys(json, BODY_KEYS);
  return parseFields(json);
}

/** Strict shape check of a signed ballot (exact keys, lowercase hex of the right lengths). */
export function parseSignedBallot(json: unknown): SignedBallot {
  if (!isPlainObject(json)) fail('must be a JSON object');
  exactKeys(json, SIGNED_KEYS);
  return { ...parseFields(json), sig: lowerHex(json.sig, 64, 'sig') };
}

function bodyOf(ballot: SignedBallot): BallotBody {
  const { sig: _sig, ...body } = ballot;
  return body;
}

/** A fresh ephemeral Ed25519 key pair for one ballot. */
export function newBallotKey(): { secretKey: Uint8Array; publicKey: Uint8Array } {
  const { secretKey, publicKey } = ed25519.keygen();
  return { secretKey, publicKey };
}

/** utf8("sealvote/ballot/v1\n") || JCS(body) */
export function ballotSigningBytes(body: BallotBody): Uint8Array {
  const checked = parseBallotBody(body);
  // "sealvote/ballot/v1\n" || JCS(body)
  return concatBytes(utf8(BALLOT_PREFIX), utf8(canonicalize(checked)));
}

/** Signs `body` with the ballot's ephemeral key; refuses a key that is not body.ballot_pk. */
export function signBallot(body: BallotBody, secretKey: Uint8Array): SignedBallot {
  const checked = parseBallotBody(body);
  const publicKey = ed25519.getPublicKey(secretKey);
  if (!equalBytes(publicKey, hexToBytes(checked.ballot_pk, 32))) {
    throw new CryptoInputError('ballot: the secret key does not belong to ballot_pk');
  }
  const sig = ed25519.sign(ballotSigningBytes(checked), secretKey);
  return { ...checked, sig: bytesToHex(sig) };
}

/** The ballot signature under sealvote's one Ed25519 rule (ed25519.ts); false on any malformed field. */
export function verifyBallotSignature(ballot: SignedBallot): boolean {
  try {
    const parsed = parseSignedBallot(ballot);
    return verifyEd25519(hexToBytes(parsed.sig, 64), ballotSigningBytes(bodyOf(parsed)), hexToBytes(parsed.ballot_pk, 32));
  } catch {
    return false;
  }
}

/** receipt = hex(leaf hash of the entry {type: "ballot", ballot}) */
export function ballotReceipt(ballot: SignedBallot): string {
  const parsed = parseSignedBallot(ballot);
  // SHA-256(0x00 || "sealvote/v1\n" || JCS({type: "ballot", ballot}))
  return bytesToHex(entryLeafHash({ type: 'ballot', ballot: parsed }));
}
