/**
 * What the discipline commission's co-issuer signs with its Ed25519 identity key
 * (docs/coissuance.md §3): the key statement that accepts a vote's combined key, and the roll of
 * the people it co-issued a token to. (Its per-token answer is in coissue.ts.)
 *
 *   identity key  C2SP signed-note key, type 0x01 (Ed25519): "PRIVATE+KEY+name+id+base64(0x01||seed)"
 *   fingerprint   first 10 bytes of SHA-256(utf8(verifier key)), 20 hex digits in groups of five
 *   key statement "sealvote/coissuer/key/v1\n"  || JCS(K)
 *       K = {v: 1, meeting, item, round, purpose, class, public_key, key_id,
 *            shares: {service: {public_key, pop}, commission: {public_key, pop}}}
 *   roll          "sealvote/coissuer/roll/v1\n" || JCS(R)
 *       R = {v: 1, meeting, item, round, purpose, class, key_id, present: [ids], issued: [ids]}
 *   signature     Ed25519 (RFC 8032) with the identity seed; verified under the one Ed25519 rule (ed25519.ts)
 *
 * `checkKeyStatement` is the cryptographic content of a statement: both proofs of possession
 * (coissue.ts popVerify), public_key = service + commission, key_id = SHA-256(public_key).
 */
import { ed25519 } from '@noble/curves/ed25519.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { verifyEd25519, type Ed25519Rule } from './ed25519';
import { bytesToHex, concatBytes, CryptoInputError, equalBytes, hexToBytes, utf8 } from './bytes';
import { combinePublicKeys, ED25519_SIGNATURE_LENGTH, NOBLE_ISSUER_OPS, type IssuerOps } from './coissue';
import { canonicalize } from './jcs';
import { formatVerifierKey, generateKey, parseSignerKey, parseVerifierKey, SIG_TYPE_ED25519, type KeyPairStrings } from './signed-note';

export const KEY_STATEMENT_PREFIX = 'sealvote/coissuer/key/v1\n';
export const ROLL_PREFIX = 'sealvote/coissuer/roll/v1\n';
const MAX_ID_LENGTH = 256;
/** Far above a committee's roster; bounds the work a hostile roll can cause. */
const MAX_ROLL = 10_000;

export type Purpose = 'vote' | 'motion';
export type Klass = 'A' | 'B';

export interface KeyShareJson {
  /** 96 B compressed G2, hex */
  public_key: string;
  /** 48 B compressed G1 proof of possession, hex */
  pop: string;
}

export interface KeyStatement {
  v: 1;
  meeting: string;
  item: string;
  round: number;
  purpose: Purpose;
  class: Klass;
  public_key: string;
  key_id: string;
  shares: { service: KeyShareJson; commission: KeyShareJson };
}

export interface Roll {
  v: 1;
  meeting: string;
  item: string;
  round: number;
  purpose: Purpose;
  class: Klass;
  key_id: string;
  present: string[];
  issued: string[];
}

function fail(what: string, msg: string): never {
  throw new CryptoInputError(`${what}: ${msg}`);
}

function plainObject(v: unknown, what: string): Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) fail(what, 'must be a JSON object');
  const proto = Object.getPrototypeOf(v) as unknown;
  if (proto !== Object.prototype && proto !== null) fail(what, 'must be a plain object');
  return v as Record<string, unknown>;
}

function exactKeys(o: Record<string, unknown>, keys: readonly string[], what: string): void {
  const missing = keys.filter((k) => !Object.hasOwn(o, k));
  const extra = Object.keys(o).filter((k) => !keys.includes(k));
  if (missing.length > 0) fail(what, `missing ${missing.join(', ')}`);
  if (extra.length > 0) fail(what, `unexpected ${extra.join(', ')}`);
}

function hexField(v: unknown, bytes: number, name: string, what: string): string {
  if (typeof v !== 'string' || v.length !== 2 * bytes || !/^[0-9a-f]*$/.test(v)) fail(what, `${name} must be ${2 * bytes} lowercase hex digits`);
  return v;
}

function idField(v: unknown, name: string, what: string): string {
  if (typeof v !== 'string' || v.length === 0 || v.length > MAX_ID_LENGTH) fail(what, `${name} must be a non-empty string of at most ${MAX_ID_LENGTH} characters`);
  return v;
}

function voteFields(o: Record<string, unknown>, what: string) {
  if (o.v !== 1) fail(what, 'v must be 1');
  const round = o.round;
  if (typeof round !== 'number' || !Number.isSafeInteger(round) || round < 1 || round > 0xffffffff) fail(what, 'round must be a positive integer');
  if (o.purpose !== 'vote' && o.purpose !== 'motion') fail(what, 'purpose must be "vote" or "motion"');
  if (o.class !== 'A' && o.class !== 'B') fail(what, 'class must be "A" or "B"');
  // R10: a reconsideration motion is among members only.
  if (o.purpose === 'motion' && o.class !== 'A') fail(what, 'a motion has a class A key only');
  return {
    v: 1 as const,
    meeting: idField(o.meeting, 'meeting', what),
    item: idField(o.item, 'item', what),
    round,
    purpose: o.purpose as Purpose,
    class: o.class as Klass,
  };
}

function share(v: unknown, name: string): KeyShareJson {
  const what = `key statement ${name} share`;
  const o = plainObject(v, what);
  exactKeys(o, ['public_key', 'pop'], what);
  return { public_key: hexField(o.public_key, 96, 'public_key', what), pop: hexField(o.pop, 48, 'pop', what) };
}

/** Strict shape of a key statement (exact keys, lowercase hex of the right lengths); a copy. */
export function parseKeyStatement(json: unknown): KeyStatement {
  const what = 'key statement';
  const o = plainObject(json, what);
  exactKeys(o, ['v', 'meeting', 'item', 'round', 'purpose', 'class', 'public_key', 'key_id', 'shares'], what);
  const shares = plainObject(o.shares, 'key statement shares');
  exactKeys(shares, ['service', 'commission'], 'key statement shares');
  return {
    ...voteFields(o, what),
    public_key: hexField(o.public_key, 96, 'public_key', what),
    key_id: hexField(o.key_id, 32, 'key_id', what),
    shares: { service: share(shares.service, 'service'), commission: share(shares.commission, 'commission') },
  };
}

function personList(v: unknown, name: string, what: string): string[] {
  if (!Array.isArray(v) || v.length > MAX_ROLL) fail(what, `${name} must be an array of at most ${MAX_ROLL} person ids`);
  const out = v.map((p) => idField(p, `${name} entry`, what));
  // Sorted by UTF-16 code units and unique, so one roll has exactly one byte form.
  for (let i = 1; i < out.length; i++) if (!(out[i - 1]! < out[i]!)) fail(what, `${name} must be sorted and without repeats`);
  return out;
}

/** Strict shape of a roll: sorted unique person ids, issued ⊆ present. */
export function parseRoll(json: unknown): Roll {
  const what = 'roll';
  const o = plainObject(json, what);
  exactKeys(o, ['v', 'meeting', 'item', 'round', 'purpose', 'class', 'key_id', 'present', 'issued'], what);
  const present = personList(o.present, 'present', what);
  const issued = personList(o.issued, 'issued', what);
  const inRoom = new Set(present);
  // The co-issuer signs only for people its officer confirmed present.
  const stray = issued.find((p) => !inRoom.has(p));
  if (stray !== undefined) fail(what, `issued names ${stray}, who is not in present`);
  return { ...voteFields(o, what), key_id: hexField(o.key_id, 32, 'key_id', what), present, issued };
}

/** "sealvote/coissuer/key/v1\n" || JCS(K) */
export function keyStatementBytes(k: KeyStatement): Uint8Array {
  return concatBytes(utf8(KEY_STATEMENT_PREFIX), utf8(canonicalize(parseKeyStatement(k))));
}

/** "sealvote/coissuer/roll/v1\n" || JCS(R) */
export function rollBytes(r: Roll): Uint8Array {
  return concatBytes(utf8(ROLL_PREFIX), utf8(canonicalize(parseRoll(r))));
}

/**
 * Why a well-formed statement is not a sound combined key, or null when it is: each share's
 * proof of possession (PopVerify), public_key = service + commission, key_id = SHA-256(public_key).
 */
export function checkKeyStatement(k: KeyStatement, ops: Pick<IssuerOps, 'popVerify'> = NOBLE_ISSUER_OPS): 'service_pop' | 'commission_pop' | 'combined_key' | 'key_id' | null {
  const s = parseKeyStatement(k);
  const servicePk = hexToBytes(s.shares.service.public_key);
  const commissionPk = hexToBytes(s.shares.commission.public_key);
  if (!ops.popVerify(servicePk, hexToBytes(s.shares.service.pop))) return 'service_pop';
  if (!ops.popVerify(commissionPk, hexToBytes(s.shares.commission.pop))) return 'commission_pop';
  let combined;
  try {
    combined = combinePublicKeys(servicePk, commissionPk);
  } catch {
    return 'combined_key';
  }
  if (!equalBytes(combined.publicKey, hexToBytes(s.public_key))) return 'combined_key';
  if (!equalBytes(combined.keyId, hexToBytes(s.key_id))) return 'key_id';
  return null;
}

/** The co-issuer's identity key, parsed from its key file's line (type 0x01 only). */
export interface CoissuerIdentity {
  name: string;
  seed: Uint8Array;
  publicKey: Uint8Array;
  verifierKey: string;
}

export function parseCoissuerSignerKey(text: string): CoissuerIdentity {
  const key = parseSignerKey(text.trim());
  if (key.type !== SIG_TYPE_ED25519) throw new CryptoInputError('a co-issuer key is an Ed25519 (type 0x01) key: make one with sealvote coissue keygen');
  return { name: key.name, seed: key.seed, publicKey: key.publicKey, verifierKey: formatVerifierKey(key) };
}

/** The Ed25519 public key of a co-issuer verifier key (type 0x01 only). */
export function coissuerPublicKey(verifierKey: string): Uint8Array {
  const key = parseVerifierKey(verifierKey);
  if (key.type !== SIG_TYPE_ED25519) throw new CryptoInputError('a co-issuer key is an Ed25519 (type 0x01) key');
  return key.publicKey;
}

/** A new co-issuer identity key (C2SP signed-note, type 0x01). */
export function generateCoissuerKey(name: string): KeyPairStrings {
  return generateKey(name, SIG_TYPE_ED25519);
}

/** first 10 bytes of SHA-256(utf8(verifier key)) as "xxxxx xxxxx xxxxx xxxxx", read aloud in the room. */
export function coissuerFingerprint(verifierKey: string): string {
  parseVerifierKey(verifierKey);
  const hex = bytesToHex(sha256(utf8(verifierKey)).subarray(0, 10));
  return hex.match(/.{5}/g)!.join(' ');
}

function sign(seed: Uint8Array, bytes: Uint8Array): string {
  return bytesToHex(ed25519.sign(bytes, seed));
}

export type { Ed25519Rule } from './ed25519';

function verify(publicKey: Uint8Array, bytes: () => Uint8Array, sigHex: string, rule: Ed25519Rule): boolean {
  try {
    const sig = hexToBytes(sigHex, ED25519_SIGNATURE_LENGTH);
    return rule(sig, bytes(), publicKey);
  } catch {
    return false;
  }
}

export function signKeyStatement(seed: Uint8Array, k: KeyStatement): string {
  return sign(seed, keyStatementBytes(k));
}

/** False for any malformed statement, key or signature. */
export function verifyKeyStatement(publicKey: Uint8Array, k: KeyStatement, sigHex: string, rule: Ed25519Rule = verifyEd25519): boolean {
  return verify(publicKey, () => keyStatementBytes(k), sigHex, rule);
}

export function signRoll(seed: Uint8Array, r: Roll): string {
  return sign(seed, rollBytes(r));
}

export function verifyRoll(publicKey: Uint8Array, r: Roll, sigHex: string, rule: Ed25519Rule = verifyEd25519): boolean {
  return verify(publicKey, () => rollBytes(r), sigHex, rule);
}
