/**
 * Test-only helpers for token tests: malformed G1 encodings that noble's own encoder refuses to
 * produce (it validates before encoding), so they are built by hand here.
 */
import { bls12_381 } from '@noble/curves/bls12-381.js';
import { hexToBytes } from '../../crypto/bytes';
import type { G1Point } from '../../crypto/token';

const G1 = bls12_381.G1.Point;
const Fp = bls12_381.fields.Fp;
const R = bls12_381.fields.Fr.ORDER;

/** Compressed G1 encoding (ZCash format) with no validity check. */
export function encodeG1Unchecked(p: G1Point): Uint8Array {
  const { x, y } = p.toAffine();
  const out = hexToBytes(x.toString(16).padStart(96, '0'));
  // Sort bit: set when y is the lexicographically larger root, y > (p−1)/2.
  out[0]! |= 0x80 | (y > (Fp.ORDER - 1n) / 2n ? 0x20 : 0);
  return out;
}

/** 48-byte encoding of the point at infinity: flags compressed|infinity, all else zero. */
export function g1IdentityBytes(): Uint8Array {
  const out = new Uint8Array(48);
  out[0] = 0xc0;
  return out;
}

/**
 * A nonzero G1-curve point of order dividing the cofactor h, hence on E(Fp) but NOT in the
 * r-order subgroup. Found by taking x = 1, 2, 3, … until x³ + 4 is a square, WITHOUT clearing the
 * cofactor, then multiplying by r to kill the r-order part: T = r·P.
 */
export function smallOrderG1Point(): G1Point {
  const b = G1.CURVE().b;
  for (let i = 1n; ; i++) {
    const x = Fp.create(i);
    let y: bigint | undefined;
    try {
      y = Fp.sqrt(Fp.add(Fp.pow(x, 3n), b));
    } catch {
      continue;
    }
    if (y === undefined) continue;
    const p = G1.fromAffine({ x, y });
    // multiplyUnsafe takes scalars below r, so r·P is written (r − 1)·P + P.
    const t = p.multiplyUnsafe(R - 1n).add(p);
    if (!t.is0()) return t;
  }
}
