/**
 * G1 encodings a decoder must refuse, for the mcl-wasm tests (mcl.test.ts, mcl-shares.test.ts):
 * a compressed x with no validity check, and a curve point off the r-order subgroup.
 */
import { bls12_381 } from '@noble/curves/bls12-381.js';

const Fp = bls12_381.fields.Fp;

/** Compressed G1 encoding (ZCash flags) of the x-coordinate, with no validity check. */
export function encodeX(x: bigint, largerY: boolean): Uint8Array {
  const out = new Uint8Array(48);
  let v = x;
  for (let i = 47; i >= 0; i--, v >>= 8n) out[i] = Number(v & 0xffn);
  out[0]! |= 0x80 | (largerY ? 0x20 : 0);
  return out;
}

/** A point on y² = x³ + 4 outside the r-order subgroup (almost every curve point is). */
export function torsionEncoding(): { bytes: Uint8Array; x: bigint } {
  for (let x = 1n; ; x++) {
    const rhs = Fp.add(Fp.pow(x, 3n), 4n);
    let y: bigint;
    try {
      y = Fp.sqrt(rhs);
    } catch {
      continue;
    }
    if (Fp.mul(y, y) !== rhs) continue;
    const bytes = encodeX(x, false);
    return { bytes, x };
  }
}
