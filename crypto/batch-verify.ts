/**
 * Batch verification of many ballot tokens under ONE issuer public key, naming every bad token.
 *
 * Small-exponent batch test (Bellare–Garay–Rabin 1998; Camenisch–Hohenberger–Pedersen 2007):
 * with independent random 128-bit rᵢ,
 *
 *   e(Σ rᵢ·Sᵢ, G2) == e(Σ rᵢ·H(mᵢ), pk)
 *
 * holds for a set containing an invalid token with probability ≤ 2^-128 over the rᵢ. The plain
 * aggregate check e(Σ Sᵢ, G2) == e(Σ H(mᵢ), pk) (noble's verifyBatch, meant for aggregate
 * signatures) does NOT suffice here: S₁+δ and S₂−δ cancel in the sum and both pass.
 *
 * Each Sᵢ is decoded with its subgroup check first; without it a small-order Tᵢ in Sᵢ survives
 * multiplication by rᵢ with probability 1/ord(Tᵢ) and the bound above fails. A token that does
 * not decode, or whose key_id is not SHA-256(pk), is bad without further work.
 *
 * When the whole group fails, it is split in halves and each half is checked again with the
 * same rᵢ (each subset check is itself a sound batch test), down to single tokens: d bad tokens
 * among n cost O(d·log n) pairing checks, and every bad index is named.
 */
import { pippenger } from '@noble/curves/abstract/curve.js';
import { bls12_381 } from '@noble/curves/bls12-381.js';
import { randomBytes } from '@noble/hashes/utils.js';
import { assertBytes, equalBytes } from './bytes';
import { bytesToBigInt, decodeIssuerPublicKey, issuerKeyId } from './issuer-key';
import {
  decodeG1Signature,
  hashToken,
  pairingCheck,
  type G1Point,
  type G2Point,
  type RandomSource,
} from './token';

const G1 = bls12_381.G1.Point;

export interface TokenToVerify {
  keyId: Uint8Array;
  ballotPk: Uint8Array;
  signature: Uint8Array;
}

export interface BatchResult {
  /** True exactly when every token verifies. */
  ok: boolean;
  /** Indices of the tokens that do not verify, ascending. */
  bad: number[];
}

/** Batch coefficients of 128 bits: soundness error 2^-128 per check (≥ 64 bits required). */
const COEFF_BYTES = 16;

interface Candidate {
  index: number;
  sig: G1Point;
  hash: G1Point;
  coeff: bigint;
}

/**
 * Verifies every token under `publicKey`. Throws if `publicKey` itself is malformed (there is
 * then nothing to verify against); a malformed token is reported in `bad`, never thrown.
 */
export function verifyTokenBatch(
  publicKey: Uint8Array,
  tokens: TokenToVerify[],
  rand: RandomSource = randomBytes,
): BatchResult {
  const pk = decodeIssuerPublicKey(publicKey);
  const keyId = issuerKeyId(publicKey);
  if (!Array.isArray(tokens)) throw new TypeError('tokens must be an array');

  const bad: number[] = [];
  const candidates: Candidate[] = [];
  tokens.forEach((token, index) => {
    const decoded = decodeToken(token, keyId);
    if (decoded === null) bad.push(index);
    else candidates.push({ index, ...decoded, coeff: randomCoefficient(rand) });
  });

  if (candidates.length > 0 && !groupVerifies(candidates, pk)) {
    bisect(candidates, pk, bad);
  }
  bad.sort((a, b) => a - b);
  return { ok: bad.length === 0, bad };
}

function decodeToken(token: TokenToVerify, keyId: Uint8Array): { sig: G1Point; hash: G1Point } | null {
  try {
    if (typeof token !== 'object' || token === null) return null;
    assertBytes(token.keyId, 'key id');
    if (!equalBytes(token.keyId, keyId)) return null;
    const sig = decodeG1Signature(token.signature);
    return { sig, hash: hashToken(token.keyId, token.ballotPk) };
  } catch {
    return null;
  }
}

/** Uniform in [1, 2^128): zero would drop a token from the check. */
export function randomCoefficient(rand: RandomSource): bigint {
  for (;;) {
    const bytes = rand(COEFF_BYTES);
    assertBytes(bytes, 'random bytes', COEFF_BYTES);
    const c = bytesToBigInt(bytes);
    if (c !== 0n) return c;
  }
}

/** e(Σ rᵢ·Sᵢ, G2) == e(Σ rᵢ·H(mᵢ), pk): two MSMs and one two-pairing product. */
function groupVerifies(group: Candidate[], pk: G2Point): boolean {
  const coeffs = group.map((c) => c.coeff);
  // Σ rᵢ·Sᵢ
  const sigSum = pippenger(G1, group.map((c) => c.sig), coeffs);
  // Σ rᵢ·H(mᵢ)
  const hashSum = pippenger(G1, group.map((c) => c.hash), coeffs);
  return pairingCheck(sigSum, hashSum, pk);
}

/** Called on a failing group: names each bad index by checking halves recursively. */
function bisect(group: Candidate[], pk: G2Point, bad: number[]): void {
  if (group.length === 1) {
    bad.push(group[0]!.index);
    return;
  }
  const mid = group.length >> 1;
  const left = group.slice(0, mid);
  const right = group.slice(mid);
  const leftOk = groupVerifies(left, pk);
  if (!leftOk) bisect(left, pk, bad);
  // If the left half verifies, the failure must be on the right, so that check is skipped.
  if (leftOk || !groupVerifies(right, pk)) bisect(right, pk, bad);
}
