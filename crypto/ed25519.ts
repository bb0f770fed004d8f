/**
 * The one Ed25519 verification rule of sealvote (issue 14): ballots, checkpoint notes and
 * cosignatures, on the server, the tablet, the CLI and the inspector's page. RFC 8032 §5.1
 * notation: p = 2^255 − 19, L = 2^252 + 27742317777372353535851937790883648493, B the base
 * point, O the identity; a signature is R (32 B) || S (32 B), a public key A (32 B).
 *
 *   encodings  A and R canonical: the 255-bit y < p, and not x = 0 with the sign bit set
 *              (RFC 8032 §5.1.3, strict); S as a 256-bit little-endian integer < L
 *   group      A ≠ O and [L]A = O;  R ≠ O and [L]R = O     (both of order exactly L)
 *   hash       k = SHA-512(R || A || M) mod L, over the bytes exactly as given
 *   equation   [S]B = R + [k]A
 *
 * Why the group condition: the curve group is cyclic of order 8L, so a point is P₀ + T with
 * T of order dividing 8. With A and R torsion-free (T = O), R + [k]A − [S]B lies in the
 * prime-order subgroup, where [8] is invertible: the cofactorless equation above and the
 * cofactored one [8][S]B = [8]R + [8][k]A (noble, zip215) hold together or not at all. So
 * OpenSSL, Go, libsodium, ed25519-dalek (strict) and noble all accept every signature this
 * rule accepts. A small-order A would let one signature verify for many messages.
 *
 * R's group condition needs no arithmetic of its own: once A is of order L and the equation
 * holds, R = [S]B − [k]A is in the prime-order subgroup; only R = O is left to refuse.
 */
import { ed25519 } from '@noble/curves/ed25519.js';
import { bytesToNumberLE } from '@noble/curves/utils.js';
import { sha512 } from '@noble/hashes/sha2.js';
import { CryptoInputError, concatBytes } from './bytes';

/** RFC 8032 §5.1: the order of the base point. */
export const ED25519_L = 2n ** 252n + 27742317777372353535851937790883648493n;

type EdPoint = InstanceType<typeof ed25519.Point>;

/** Strict decoding (y < p, canonical sign of x = 0), or null. */
function decode(bytes: Uint8Array): EdPoint | null {
  try {
    return ed25519.Point.fromBytes(bytes, false);
  } catch {
    return null;
  }
}

/** Of order exactly L: not the identity, and [L]P = O. */
export function isPrimeOrderPoint(p: EdPoint): boolean {
  return !p.is0() && p.isTorsionFree();
}

/** An implementation of the one Ed25519 rule (verifyEd25519, the default): the same answer for every input. */
export type Ed25519Rule = (sig: Uint8Array, msg: Uint8Array, publicKey: Uint8Array) => boolean;

/**
 * true exactly when the signature satisfies the rule above. Throws CryptoInputError on wrong
 * lengths (malformed input); every other refusal is `false`.
 */
export function verifyEd25519(sig: Uint8Array, msg: Uint8Array, publicKey: Uint8Array): boolean {
  if (!(sig instanceof Uint8Array) || sig.length !== 64) throw new CryptoInputError('ed25519: a signature is 64 bytes');
  if (!(publicKey instanceof Uint8Array) || publicKey.length !== 32) throw new CryptoInputError('ed25519: a public key is 32 bytes');
  if (!(msg instanceof Uint8Array)) throw new CryptoInputError('ed25519: the message must be bytes');
  const rBytes = sig.subarray(0, 32);
  const s = bytesToNumberLE(sig.subarray(32));
  // S < L: one signature, one encoding (no S + L malleability).
  if (s >= ED25519_L) return false;
  const A = decode(publicKey);
  const R = decode(rBytes);
  if (!A || !R) return false;
  // A of order L: [L]A = O and A ≠ O.
  if (!isPrimeOrderPoint(A)) return false;
  // R ≠ O; [L]R = O follows from the equation (module header).
  if (R.is0()) return false;
  // k = SHA-512(R || A || M) mod L
  const k = bytesToNumberLE(sha512(concatBytes(rBytes, publicKey, msg))) % ED25519_L;
  // [S]B = R + [k]A
  return ed25519.Point.BASE.multiplyUnsafe(s).equals(R.add(A.multiplyUnsafe(k)));
}
