/**
 * Signatures that split Ed25519 verifiers (issue 14), built here from first principles (RFC 8032
 * §5.1 arithmetic with noble's points) rather than copied: each one is accepted by at least one
 * common verifier — noble's cofactored check (zip215 true or false), OpenSSL's cofactorless one,
 * or a lax decoder — and refused by sealvote's one rule (crypto/ed25519.ts).
 */
import { ed25519 } from '@noble/curves/ed25519.js';
import { bytesToNumberLE, numberToBytesLE } from '@noble/curves/utils.js';
import { sha512 } from '@noble/hashes/sha2.js';
import { concatBytes } from '../../crypto/bytes';
import { ED25519_L as L } from '../../crypto/ed25519';

export const P = 2n ** 255n - 19n;
type Pt = InstanceType<typeof ed25519.Point>;

/** A point of order 8 (the first entry of libsodium's small-order list). */
export const T8: Pt = ed25519.Point.fromHex('c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a');

export function challenge(R: Uint8Array, A: Uint8Array, msg: Uint8Array): bigint {
  // k = SHA-512(R || A || M) mod L
  return bytesToNumberLE(sha512(concatBytes(R, A, msg))) % L;
}

function sig(R: Uint8Array, S: bigint): Uint8Array {
  return concatBytes(R, numberToBytesLE(S, 32));
}

function randomScalar(): bigint {
  return (bytesToNumberLE(crypto.getRandomValues(new Uint8Array(64))) % (L - 1n)) + 1n;
}

export interface Case {
  /** What is wrong, and which common verifier still accepts it. */
  name: string;
  sig: Uint8Array;
  msg: Uint8Array;
  pk: Uint8Array;
}

/** The secret scalar and public key of a seed (RFC 8032 §5.1.5). */
export function keyOf(seed: Uint8Array): { a: bigint; pk: Uint8Array } {
  const { scalar, pointBytes } = ed25519.utils.getExtendedPublicKey(seed);
  return { a: scalar, pk: pointBytes };
}

/**
 * R' = [r]B + T with T of order 8, S = r + k'a, k' = H(R' || A || M): the cofactored equation
 * holds, the cofactorless one does not (R' + [k']A − [S]B = T).
 */
export function torsionR(seed: Uint8Array, msg: Uint8Array): Case {
  const { a, pk } = keyOf(seed);
  const rr = randomScalar();
  const Rb = ed25519.Point.BASE.multiply(rr).add(T8).toBytes();
  const k = challenge(Rb, pk, msg);
  return { name: 'R with a torsion component (noble accepts, OpenSSL refuses)', sig: sig(Rb, (rr + k * a) % L), msg, pk };
}

/**
 * A' = [a]B + T, signed with a: S = r + k·a. Both equations hold when [k]T = O, i.e. 8 | k;
 * r is redrawn until it is, so OpenSSL (cofactorless) and noble (cofactored) both accept.
 */
export function torsionA(seed: Uint8Array, msg: Uint8Array): Case {
  const { a } = keyOf(seed);
  const A = ed25519.Point.BASE.multiply(a).add(T8).toBytes();
  for (;;) {
    const r = randomScalar();
    const R = ed25519.Point.BASE.multiply(r).toBytes();
    const k = challenge(R, A, msg);
    if (k % 8n === 0n) return { name: 'A with a torsion component, 8 | k (OpenSSL and noble accept)', sig: sig(R, (r + k * a) % L), msg, pk: A };
  }
}

/**
 * A' = [a]B + T and R' = [r]B + [j]T with j + k ≡ 0 (mod 8): R' + [k]A' = [r + ka]B exactly,
 * so every cofactorless verifier that only refuses SMALL-order points (OpenSSL, Go, libsodium)
 * accepts; both points carry torsion.
 */
export function torsionAandR(seed: Uint8Array, msg: Uint8Array): Case {
  const { a } = keyOf(seed);
  const A = ed25519.Point.BASE.multiply(a).add(T8).toBytes();
  for (;;) {
    const r = randomScalar();
    for (let j = 1n; j < 8n; j++) {
      const R = ed25519.Point.BASE.multiply(r).add(T8.multiply(j)).toBytes();
      const k = challenge(R, A, msg);
      if ((j + k) % 8n === 0n) return { name: 'A and R with torsion, cofactorless equation exact (OpenSSL accepts)', sig: sig(R, (r + k * a) % L), msg, pk: A };
    }
  }
}

/** A = T of order 8, R = O, S = 0: the cofactored equation holds for every message. */
export function smallOrderA(msg: Uint8Array): Case {
  return { name: 'small-order A with R = O, S = 0 (noble zip215 accepts)', sig: sig(ed25519.Point.ZERO.toBytes(), 0n), msg, pk: T8.toBytes() };
}

/** S + L: the same point [S]B, a second encoding of the signature (lax verifiers accept). */
export function sPlusL(seed: Uint8Array, msg: Uint8Array): Case {
  const good = ed25519.sign(msg, seed);
  const S = bytesToNumberLE(good.subarray(32)) + L;
  return { name: 'S + L (S ≥ L; lax verifiers accept)', sig: concatBytes(good.subarray(0, 32), numberToBytesLE(S, 32)), msg, pk: ed25519.getPublicKey(seed) };
}

/**
 * R encoded non-canonically: y = 1 + p, the identity (a small-order point, so S = k·a satisfies
 * the cofactored equation); noble with zip215 (lax decoding) accepts.
 */
export function nonCanonicalR(seed: Uint8Array, msg: Uint8Array): Case {
  const { a, pk } = keyOf(seed);
  const R = numberToBytesLE(1n + P, 32);
  const k = challenge(R, pk, msg);
  return { name: 'R = O encoded with y = 1 + p (noble zip215 accepts)', sig: sig(R, (k * a) % L), msg, pk };
}

/**
 * A encoded non-canonically: y = 1 + p (the identity): with R = O and S = 0 every message
 * verifies under the cofactored equation with lax decoding.
 */
export function nonCanonicalA(msg: Uint8Array): Case {
  return { name: 'A = O encoded with y = 1 + p (noble zip215 accepts)', sig: sig(ed25519.Point.ZERO.toBytes(), 0n), msg, pk: numberToBytesLE(1n + P, 32) };
}

/** A with the sign bit flipped on x = 0 (y = −1, order 2): non-canonical and small order. */
export function signBitA(msg: Uint8Array): Case {
  const pk = numberToBytesLE(P - 1n, 32);
  pk[31]! |= 0x80;
  return { name: 'A = (0, −1) with the sign bit set (non-canonical, order 2)', sig: sig(ed25519.Point.ZERO.toBytes(), 0n), msg, pk };
}

/** Every case above for one key and message. */
export function splittingCases(seed: Uint8Array, msg: Uint8Array): Case[] {
  return [torsionR(seed, msg), torsionA(seed, msg), torsionAandR(seed, msg), smallOrderA(msg), sPlusL(seed, msg), nonCanonicalR(seed, msg), nonCanonicalA(msg), signBitA(msg)];
}
