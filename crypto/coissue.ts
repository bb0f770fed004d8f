/**
 * 2-of-2 blind BLS issuance: the service and the discipline commission's co-issuer each hold a
 * key share per (meeting, subject, round, class), and a ballot token needs a blind signature from
 * both (docs/coissuance.md). BLS is linear, so the two blind signatures on one blinded point add
 * up to a blind signature under the sum of the two public keys:
 *
 *   shares      sk_s = the service's issuer key (issuer-key.ts, salt "sealvote/issuer/v1")
 *               sk_c = KeyGen(HKDF-SHA-256(salt = "sealvote/coissuer/v1", ikm = seed, info, 32))
 *               pk_i = sk_i·G2                                      (info as in issuer-key.ts)
 *   proof of possession (draft-irtf-cfrg-bls-signature-05 §3.3, ciphersuite
 *   BLS_SIG_BLS12381G1_XMD:SHA-256_SSWU_RO_POP_ §4.2.3):
 *               PopProve(sk_i)  = sk_i·H_pop(pk_i),   H_pop = hash_to_G1 with DST POP_DST
 *               PopVerify(pk, π): KeyValidate(pk), π ∈ G1 \ {O}, e(π, G2) == e(H_pop(pk), pk)
 *   many proofs at once (a verifier's record): small-exponent batch with random 128-bit r_i,
 *               e(Σ r_i·π_i, G2) == Π e(r_i·H_pop(pk_i), pk_i)          (n + 1 Miller loops,
 *               one final exponentiation; wrong w.p. ≤ 2^-128 when one proof fails)
 *   combined    pk = pk_s + pk_c,  key_id = SHA-256(pk)             (refused if pk = O)
 *   tablet      B = r·H(m)                                          (token.ts, under key_id)
 *   partials    S'_s = sk_s·B,  S'_c = sk_c·B                       (token.ts blindSign)
 *   checks      e(S'_s, G2) == e(B, pk_s)   and   e(S'_c, G2) == e(B, pk_c)
 *   token       S = r⁻¹·(S'_s + S'_c) = (sk_s + sk_c)·H(m):  e(S, G2) == e(H(m), pk)
 *
 * The two partial checks imply the token's own: e(S, G2) = e(r⁻¹·B, pk_s)·e(r⁻¹·B, pk_c) =
 * e(H, pk). Each partial is checked on its own so the tablet can name the party at fault.
 *
 * The co-issuer signs each partial answer with its Ed25519 identity key (RFC 8032):
 *   answer bytes = "sealvote/coissuer/partial/v1\n" || key_id (32) || B (48) || S'_c (48)
 * A wrong S'_c with a valid answer signature is the co-issuer's fault; with an invalid one, the
 * service (which relays the answer) altered it.
 *
 * Why per-vote shares and proofs of possession: a rogue share pk_s' = x·G2 − pk_c would give
 * the service the whole combined key x·G2. PopVerify refuses it unless the service can compute
 * sk_c·H_pop(pk_s'), and the co-issuer signs nothing under a vote's share before it has accepted
 * that vote's service share (its blind signer would otherwise be exactly that oracle).
 */
import { pippenger } from '@noble/curves/abstract/curve.js';
import { bls12_381 } from '@noble/curves/bls12-381.js';
import { randomBytes } from '@noble/hashes/utils.js';
import { randomCoefficient } from './batch-verify';
import { ed25519 } from '@noble/curves/ed25519.js';
import { verifyEd25519, type Ed25519Rule } from './ed25519';
import { assertBytes, concatBytes, CryptoInputError, equalBytes, utf8 } from './bytes';
import {
  bytesToBigInt,
  decodeIssuerPublicKey,
  decodeIssuerSecretKey,
  deriveKeyWithSalt,
  issuerKeyId,
  KEY_ID_LENGTH,
  type IssuerContext,
  type IssuerKey,
} from './issuer-key';
import { BLIND_STATE_LENGTH, blindSign, decodeG1Signature, G1_SIGNATURE_LENGTH, hashToG1, pairingCheck, type G1Point, type G2Point, type RandomSource } from './token';

const G2 = bls12_381.G2.Point;
const Fr = bls12_381.fields.Fr;

/** The draft's proof-of-possession DST for signatures in G1 (minimal-signature-size). */
export const POP_DST = 'BLS_POP_BLS12381G1_XMD:SHA-256_SSWU_RO_POP_';
export const COISSUER_SALT = utf8('sealvote/coissuer/v1');
export const COISSUER_SEED_LENGTH = 32;
export const PARTIAL_ANSWER_PREFIX = utf8('sealvote/coissuer/partial/v1\n');
export const ED25519_PUBLIC_KEY_LENGTH = 32;
export const ED25519_SIGNATURE_LENGTH = 64;

/** The co-issuer's share for one (meeting, subject, round, class), from its 32-byte identity seed. */
export function deriveCoissuerShare(seed: Uint8Array, ctx: IssuerContext): IssuerKey {
  assertBytes(seed, 'co-issuer seed', COISSUER_SEED_LENGTH);
  // ikm_c = HKDF-SHA-256(salt = "sealvote/coissuer/v1", ikm = seed, info, L = 32); sk_c = KeyGen(ikm_c)
  return deriveKeyWithSalt(seed, COISSUER_SALT, ctx);
}

/** H_pop(pk) = hash_to_G1(pk (96 B compressed), POP_DST) — the draft's hash_pubkey_to_point. */
function hashPublicKey(publicKey: Uint8Array) {
  return hashToG1(publicKey, POP_DST);
}

/** PopProve(SK) = SK·H_pop(SkToPk(SK)), 48 bytes (draft-irtf-cfrg-bls-signature-05 §3.3.2). */
export function popProve(secretKey: Uint8Array): Uint8Array {
  const sk = decodeIssuerSecretKey(secretKey);
  // pk = sk·G2
  const publicKey = G2.BASE.multiply(sk).toBytes(true);
  // π = sk·H_pop(pk)
  return hashPublicKey(publicKey).multiply(sk).toBytes(true);
}

/**
 * PopVerify(PK, π) (§3.3.3): π decodes to a G1 point in the subgroup and not the identity, PK
 * passes KeyValidate (G2, subgroup, not the identity), and e(π, G2) == e(H_pop(PK), PK).
 * False for any malformed input.
 */
export function popVerify(publicKey: Uint8Array, proof: Uint8Array): boolean {
  try {
    const pk = decodeIssuerPublicKey(publicKey);
    const pi = decodeG1Signature(proof, 'proof of possession');
    // e(π, G2) == e(H_pop(pk), pk)
    return pairingCheck(pi, hashPublicKey(publicKey), pk);
  } catch {
    return false;
  }
}

/**
 * The issuer's two BLS operations on an untrusted input, as one value so that a caller may be
 * given faster ones with the same answers (Node: src/node-crypto/issuer-ops.ts, mcl-wasm, every
 * refusal left to these): blindSign's bytes or its CryptoInputError, popVerify's boolean.
 */
export interface IssuerOps {
  blindSign(secretKey: Uint8Array, blinded: Uint8Array): Uint8Array;
  popVerify(publicKey: Uint8Array, proof: Uint8Array): boolean;
}

export const NOBLE_ISSUER_OPS: IssuerOps = { blindSign, popVerify };

/**
 * PopVerify of every (pk_i, π_i) at once, as a verifier checks a whole record: with independent
 * random 128-bit r_i, e(Σ r_i·π_i, G2) == Π e(r_i·H_pop(pk_i), pk_i) — the small-exponent batch
 * test of batch-verify.ts, which a set holding one failing proof passes with probability
 * ≤ 2^-128 (two proofs wrong by +δ and −δ do not cancel). Every pk_i passes KeyValidate and every
 * π_i decodes with its subgroup check first (a small-order part would survive r_i). True when
 * every proof verifies; false when one does not or an input is malformed: the caller then checks
 * one by one (popVerify) to name it.
 */
export function popVerifyBatch(items: ReadonlyArray<{ publicKey: Uint8Array; proof: Uint8Array }>, rand: RandomSource = randomBytes): boolean {
  try {
    if (items.length === 0) return true;
    const proofs: G1Point[] = [];
    const coeffs: bigint[] = [];
    const pairs: Array<{ g1: G1Point; g2: G2Point }> = [];
    for (const { publicKey, proof } of items) {
      const pk = decodeIssuerPublicKey(publicKey);
      proofs.push(decodeG1Signature(proof, 'proof of possession'));
      const r = randomCoefficient(rand);
      coeffs.push(r);
      // e(−r_i·H_pop(pk_i), pk_i)
      pairs.push({ g1: hashPublicKey(publicKey).multiply(r).negate(), g2: pk });
    }
    // e(Σ r_i·π_i, G2)
    pairs.push({ g1: pippenger(bls12_381.G1.Point, proofs, coeffs), g2: G2.BASE });
    return bls12_381.fields.Fp12.eql(bls12_381.pairingBatch(pairs), bls12_381.fields.Fp12.ONE);
  } catch {
    return false;
  }
}

/**
 * pk = pk_s + pk_c and key_id = SHA-256(pk). Both shares are decoded with their subgroup checks;
 * a sum that is the identity (pk_c = −pk_s) is refused: every token would then be O.
 */
export function combinePublicKeys(servicePk: Uint8Array, commissionPk: Uint8Array): { publicKey: Uint8Array; keyId: Uint8Array } {
  const s = decodeIssuerPublicKey(servicePk);
  const c = decodeIssuerPublicKey(commissionPk);
  // pk = pk_s + pk_c
  const sum = s.add(c);
  if (sum.is0()) throw new CryptoInputError('the two key shares cancel out');
  const publicKey = sum.toBytes(true);
  return { publicKey, keyId: issuerKeyId(publicKey) };
}

/** e(S'_i, G2) == e(B, pk_i): the partial blind signature S'_i = sk_i·B under share pk_i. */
export function verifyPartial(sharePk: Uint8Array, blinded: Uint8Array, partial: Uint8Array): boolean {
  try {
    const pk = decodeIssuerPublicKey(sharePk);
    const b = decodeG1Signature(blinded, 'blinded token');
    const s = decodeG1Signature(partial, 'partial signature');
    return pairingCheck(s, b, pk);
  } catch {
    return false;
  }
}

/** "sealvote/coissuer/partial/v1\n" || key_id || B || S'_c: what the co-issuer signs per answer. */
export function partialAnswerBytes(keyId: Uint8Array, blinded: Uint8Array, partial: Uint8Array): Uint8Array {
  assertBytes(keyId, 'key id', KEY_ID_LENGTH);
  assertBytes(blinded, 'blinded token', G1_SIGNATURE_LENGTH);
  assertBytes(partial, 'partial signature', G1_SIGNATURE_LENGTH);
  return concatBytes(PARTIAL_ANSWER_PREFIX, keyId, blinded, partial);
}

/** The co-issuer's Ed25519 signature (RFC 8032) over partialAnswerBytes, with its identity seed. */
export function signPartialAnswer(identitySeed: Uint8Array, keyId: Uint8Array, blinded: Uint8Array, partial: Uint8Array): Uint8Array {
  assertBytes(identitySeed, 'co-issuer seed', COISSUER_SEED_LENGTH);
  return ed25519.sign(partialAnswerBytes(keyId, blinded, partial), identitySeed);
}

/**
 * sealvote's one Ed25519 rule (ed25519.ts, as for ballots); false on malformed input. `rule`: an
 * equal-answer implementation of it (the service on Node gives OpenSSL's, src/node-crypto).
 */
export function verifyPartialAnswer(identityPk: Uint8Array, keyId: Uint8Array, blinded: Uint8Array, partial: Uint8Array, signature: Uint8Array, rule: Ed25519Rule = verifyEd25519): boolean {
  try {
    assertBytes(identityPk, 'co-issuer public key', ED25519_PUBLIC_KEY_LENGTH);
    assertBytes(signature, 'answer signature', ED25519_SIGNATURE_LENGTH);
    return rule(signature, partialAnswerBytes(keyId, blinded, partial), identityPk);
  } catch {
    return false;
  }
}

/** Who the tablet blames for a token it refuses. */
export type FaultyParty = 'service' | 'coissuer';
export type FaultReason =
  /** the logged key is not pk_s + pk_c, or key_id is not SHA-256 of it: the service's keys */
  | 'keys'
  /** S'_s does not verify under pk_s */
  | 'service_partial'
  /** S'_c does not verify under pk_c, and the co-issuer signed that answer */
  | 'coissuer_partial'
  /** S'_c does not verify and its answer signature does not either: altered on the way */
  | 'altered_answer';

export class CoissuanceFault extends CryptoInputError {
  override readonly name = 'CoissuanceFault';
  constructor(readonly faults: Array<{ party: FaultyParty; reason: FaultReason }>) {
    super(`token refused: ${faults.map((f) => `${f.reason} (${f.party})`).join(', ')}`);
  }
  /** The parties at fault, each once, the service first. */
  get parties(): FaultyParty[] {
    return (['service', 'coissuer'] as const).filter((p) => this.faults.some((f) => f.party === p));
  }
}

export interface CoissuedAnswer {
  /** The logged combined key pk and key_id = SHA-256(pk). */
  publicKey: Uint8Array;
  keyId: Uint8Array;
  /** The logged shares pk_s and pk_c. */
  servicePk: Uint8Array;
  commissionPk: Uint8Array;
  /** The co-issuer's Ed25519 identity public key (from its logged verifier key). */
  coissuerKey: Uint8Array;
  ballotPk: Uint8Array;
  /** The tablet's own r and B = r·H(m). */
  blindState: Uint8Array;
  blinded: Uint8Array;
  servicePartial: Uint8Array;
  commissionPartial: Uint8Array;
  /** The co-issuer's signature over partialAnswerBytes(key_id, B, S'_c). */
  answerSignature: Uint8Array;
}

/**
 * Tablet: checks both partials under their own shares, adds them and unblinds:
 * S = r⁻¹·(S'_s + S'_c). Throws CoissuanceFault naming every party at fault; throws
 * CryptoInputError for the tablet's own malformed state (blind state, ballot key).
 */
export function finalizeCoissued(a: CoissuedAnswer): Uint8Array {
  assertBytes(a.blindState, 'blind state', BLIND_STATE_LENGTH);
  const r = bytesToBigInt(a.blindState);
  if (r === 0n || r >= Fr.ORDER) throw new CryptoInputError('blind state out of range');
  const b = decodeG1Signature(a.blinded, 'blinded token');
  assertBytes(a.ballotPk, 'ballot public key', 32);

  let pkS, pkC;
  try {
    pkS = decodeIssuerPublicKey(a.servicePk);
    pkC = decodeIssuerPublicKey(a.commissionPk);
    const combined = combinePublicKeys(a.servicePk, a.commissionPk);
    if (!equalBytes(combined.publicKey, a.publicKey) || !equalBytes(combined.keyId, a.keyId)) throw new CryptoInputError('keys');
  } catch {
    throw new CoissuanceFault([{ party: 'service', reason: 'keys' }]);
  }

  const faults: Array<{ party: FaultyParty; reason: FaultReason }> = [];
  const sS = partialPoint(a.servicePartial, b, pkS);
  if (!sS) faults.push({ party: 'service', reason: 'service_partial' });
  const sC = partialPoint(a.commissionPartial, b, pkC);
  if (!sC) {
    const signed = verifyPartialAnswer(a.coissuerKey, a.keyId, a.blinded, safeBytes(a.commissionPartial), a.answerSignature);
    faults.push(signed ? { party: 'coissuer', reason: 'coissuer_partial' } : { party: 'service', reason: 'altered_answer' });
  }
  if (!sS || !sC) throw new CoissuanceFault(faults);
  // S = r⁻¹·(S'_s + S'_c)
  return sS.add(sC).multiply(Fr.inv(r)).toBytes(true);
}

/** The partial as a point when e(S', G2) == e(B, pk_i), else null (malformed counts as wrong). */
function partialPoint(partial: Uint8Array, b: ReturnType<typeof decodeG1Signature>, pk: ReturnType<typeof decodeIssuerPublicKey>) {
  try {
    const s = decodeG1Signature(partial, 'partial signature');
    return pairingCheck(s, b, pk) ? s : null;
  } catch {
    return null;
  }
}

/** A wrong-length partial still gets its signature checked (and fails it) rather than throwing. */
function safeBytes(b: Uint8Array): Uint8Array {
  return b instanceof Uint8Array && b.length === G1_SIGNATURE_LENGTH ? b : new Uint8Array(G1_SIGNATURE_LENGTH);
}
