/**
 * Blind ballot tokens: blind BLS short signatures on BLS12-381 (signatures in G1, keys in G2).
 *
 * The tablet proves a ballot is authorised without the server learning which member it came
 * from (R7). The flow follows RFC 9497's names (blind / blindEvaluate→blindSign / finalize):
 *
 *   m  = "sealvote/token/v1" || key_id (32) || ballot_pk (32, Ed25519)
 *   H  = hash_to_curve(m), suite BLS12381G1_XMD:SHA-256_SSWU_RO_ (RFC 9380 §8.8.1), DST TOKEN_DST
 *   tablet:  r ←$ [1, r_order);  B = r·H                                           (blind)
 *   server:  B in G1 \ {O} (subgroup check);  S' = sk·B                            (blindSign)
 *   tablet:  S = r⁻¹·S' = sk·H;  check e(S, G2) == e(H, pk) else refuse          (finalize)
 *   anyone:  e(S, G2) == e(H(m), pk)  and  key_id == SHA-256(pk)                  (verifyToken)
 *
 * B is uniform in G1 \ {O} whatever m is, so the server's view of issuance is independent of the
 * ballot key; S = sk·H(m) is the deterministic BLS signature, identical for every issuance.
 * finalize verifies against the LOGGED public key: a server that signed with a key of its own
 * (to tag one member's ballot) is caught on the tablet before the ballot is ever cast.
 *
 * Every G1 input is decoded with its subgroup check: a point with a small-order component T
 * would let the server learn r mod ord(T) (and so link tokens), or let a forger add T.
 */
import { bls12_381 } from '@noble/curves/bls12-381.js';
import { randomBytes } from '@noble/hashes/utils.js';
import { assertBytes, concatBytes, CryptoInputError, equalBytes, utf8 } from './bytes';
import {
  bytesToBigInt,
  decodeIssuerPublicKey,
  decodeIssuerSecretKey,
  issuerKeyId,
  KEY_ID_LENGTH,
} from './issuer-key';

const G1 = bls12_381.G1.Point;
const G2 = bls12_381.G2.Point;
const Fr = bls12_381.fields.Fr;
const Fp12 = bls12_381.fields.Fp12;

export type G1Point = InstanceType<typeof G1>;
export type G2Point = InstanceType<typeof G2>;
/** Source of uniformly random bytes; defaults to crypto.getRandomValues via noble. */
export type RandomSource = (length: number) => Uint8Array;

export const TOKEN_DST = 'SEALVOTE-V1-TOKEN-BLS12381G1_XMD:SHA-256_SSWU_RO_';
export const TOKEN_PREFIX = utf8('sealvote/token/v1');
export const BALLOT_PK_LENGTH = 32;
export const G1_SIGNATURE_LENGTH = 48;
export const BLIND_STATE_LENGTH = 32;

/** m = "sealvote/token/v1" || key_id || ballot_pk. */
export function tokenMessage(keyId: Uint8Array, ballotPk: Uint8Array): Uint8Array {
  assertBytes(keyId, 'key id', KEY_ID_LENGTH);
  assertBytes(ballotPk, 'ballot public key', BALLOT_PK_LENGTH);
  return concatBytes(TOKEN_PREFIX, keyId, ballotPk);
}

/**
 * RFC 9380 hash_to_curve, suite BLS12381G1_XMD:SHA-256_SSWU_RO_, returning the G1 POINT
 * (call `.toBytes()` for its 48-byte compressed encoding). The DST defaults to TOKEN_DST; the
 * parameter exists so the RFC's own test vectors can be checked.
 */
export function hashToG1(msg: Uint8Array, dst: Uint8Array | string = TOKEN_DST): G1Point {
  assertBytes(msg, 'message');
  if (typeof dst !== 'string') assertBytes(dst, 'DST');
  // RFC 9380 §3.1: DSTs must be non-empty (and ≤ 255 bytes, which noble enforces).
  if (dst.length === 0) throw new CryptoInputError('DST must not be empty');
  return bls12_381.G1.hashToCurve(msg, { DST: dst });
}

/** H(m) for the token of (keyId, ballotPk). */
export function hashToken(keyId: Uint8Array, ballotPk: Uint8Array): G1Point {
  return hashToG1(tokenMessage(keyId, ballotPk));
}

/**
 * Decodes a 48-byte compressed G1 point that must be a usable signature: canonical encoding,
 * on the curve, in the r-order subgroup, and not the identity. An honest B = r·H(m) or
 * S = sk·H(m) is never O; accepting O would only let the answer sk·O = O pass unexamined.
 */
export function decodeG1Signature(bytes: Uint8Array, what = 'G1 signature'): G1Point {
  assertBytes(bytes, what, G1_SIGNATURE_LENGTH);
  let point: G1Point;
  try {
    // Noble's short-signature decoder requires the compressed form and runs assertValidity,
    // which checks the curve equation and subgroup membership (isTorsionFree).
    point = bls12_381.shortSignatures.Signature.fromBytes(bytes);
  } catch (e) {
    throw new CryptoInputError(`invalid ${what}: ${(e as Error).message}`);
  }
  if (point.is0()) throw new CryptoInputError(`invalid ${what}: identity point`);
  return point;
}

/**
 * Uniform nonzero scalar: 48 random bytes (≥ 128 bits above log2 r) reduced mod (r − 1), plus 1
 * — FIPS 186-5 A.2.1, bias below 2^-128, and always terminates even with a fixed test source.
 */
function randomNonzeroScalar(rand: RandomSource): bigint {
  const bytes = rand(48);
  assertBytes(bytes, 'random bytes', 48);
  return (bytesToBigInt(bytes) % (Fr.ORDER - 1n)) + 1n;
}

/** Tablet: B = r·H(m) with fresh r. Keep `blindState` (r) secret until finalize. */
export function blind(
  keyId: Uint8Array,
  ballotPk: Uint8Array,
  rand: RandomSource = randomBytes,
): { blinded: Uint8Array; blindState: Uint8Array } {
  const h = hashToken(keyId, ballotPk);
  const r = randomNonzeroScalar(rand);
  // B = r·H(m)   (constant-time multiply: r is the tablet's secret)
  const blinded = h.multiply(r).toBytes(true);
  return { blinded, blindState: Fr.toBytes(r) };
}

/** Server: S' = sk·B, after checking B ∈ G1 \ {O}. */
export function blindSign(secretKey: Uint8Array, blinded: Uint8Array): Uint8Array {
  const sk = decodeIssuerSecretKey(secretKey);
  const b = decodeG1Signature(blinded, 'blinded token');
  // S' = sk·B
  return b.multiply(sk).toBytes(true);
}

/**
 * Tablet: S = r⁻¹·S', then verify S under the logged public key. Throws CryptoInputError if
 * S does not verify — the tablet must then refuse the token and report the issuer.
 */
export function finalize(
  publicKey: Uint8Array,
  keyId: Uint8Array,
  ballotPk: Uint8Array,
  blindState: Uint8Array,
  blindSignature: Uint8Array,
): Uint8Array {
  const pk = decodeIssuerPublicKey(publicKey);
  if (!equalBytes(keyId, issuerKeyId(publicKey))) {
    throw new CryptoInputError('key id is not SHA-256 of the issuer public key');
  }
  assertBytes(blindState, 'blind state', BLIND_STATE_LENGTH);
  const r = bytesToBigInt(blindState);
  if (r === 0n || r >= Fr.ORDER) throw new CryptoInputError('blind state out of range');
  const blindSig = decodeG1Signature(blindSignature, 'blind signature');
  // S = r⁻¹·S'
  const sig = blindSig.multiply(Fr.inv(r));
  if (!pairingCheck(sig, hashToken(keyId, ballotPk), pk)) {
    throw new CryptoInputError('blind signature does not verify under the issuer public key');
  }
  return sig.toBytes(true);
}

/**
 * Verifies a token: key_id = SHA-256(pk) and e(S, G2) == e(H(m), pk). Returns false for any
 * malformed input (wrong length, bad encoding, off-subgroup or identity point, bad key).
 */
export function verifyToken(
  publicKey: Uint8Array,
  keyId: Uint8Array,
  ballotPk: Uint8Array,
  tokenSig: Uint8Array,
): boolean {
  try {
    const pk = decodeIssuerPublicKey(publicKey);
    if (!equalBytes(keyId, issuerKeyId(publicKey))) return false;
    const sig = decodeG1Signature(tokenSig);
    return pairingCheck(sig, hashToken(keyId, ballotPk), pk);
  } catch {
    return false;
  }
}

/**
 * The unblinded issuer operation S = sk·H(m). The service issues only through blindSign; this
 * exists for fixtures, benchmarks and the equality "finalize(blindSign(blind(m))) = sk·H(m)".
 */
export function signTokenDirect(secretKey: Uint8Array, keyId: Uint8Array, ballotPk: Uint8Array): Uint8Array {
  const sk = decodeIssuerSecretKey(secretKey);
  // S = sk·H(m)
  return hashToken(keyId, ballotPk).multiply(sk).toBytes(true);
}

/**
 * e(s, G2) == e(h, pk), computed as e(s, G2)·e(−h, pk) == 1 with one shared final
 * exponentiation. Noble's pairing refuses the identity, so O is handled here: with s, h in the
 * prime-order G1 and pk ≠ O, each side is 1 exactly when its G1 point is O.
 */
export function pairingCheck(s: G1Point, h: G1Point, pk: G2Point): boolean {
  if (s.is0() || h.is0()) return s.is0() && h.is0();
  const gt = bls12_381.pairingBatch([
    { g1: s, g2: G2.BASE },
    { g1: h.negate(), g2: pk },
  ]);
  return Fp12.eql(gt, Fp12.ONE);
}
