/**
 * mcl-wasm (herumi/mcl compiled to WebAssembly) as the independent fast BLS12-381 baseline.
 * Set up to verify exactly our tokens: ZCash compressed serialization (48-byte G1, 96-byte G2,
 * as noble), RFC 9380 hash-to-curve (map-to mode IRTF = SSWU_RO) with OUR DST, and the
 * subgroup check on every deserialized point, as crypto/token.ts does. `checkAgreement` proves
 * the setup hashes to the same point as noble before anything is timed.
 */
import * as mcl from 'mcl-wasm';
import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import { bls12_381 } from '@noble/curves/bls12-381.js';
import { bytesToHex } from '../../crypto/bytes';
import { hashToG1, tokenMessage, TOKEN_DST } from '../../crypto/token';

export interface MclToken {
  keyId: Uint8Array;
  ballotPk: Uint8Array;
  signature: Uint8Array;
}

let g2Base: mcl.G2;

export async function initMcl(): Promise<void> {
  await mcl.init(mcl.BLS12_381);
  mcl.setETHserialization(true);
  mcl.setMapToMode(mcl.IRTF);
  mcl.verifyOrderG1(true);
  mcl.verifyOrderG2(true);
  // mclBnG1_setDst is exported by the wasm module but not wrapped by the JS API; the module
  // object is a live getter, which an ESM namespace import snapshots before init.
  const mod = (createRequire(import.meta.url)('mcl-wasm') as { mod: Record<string, any> }).mod;
  const dst = new TextEncoder().encode(TOKEN_DST);
  const sp = mod.stackSave();
  const p = mod.stackAlloc(dst.length);
  for (let i = 0; i < dst.length; i++) mod.HEAP8[p + i] = dst[i];
  const rc = mod._mclBnG1_setDst(p, dst.length);
  mod.stackRestore(sp);
  if (rc !== 0) throw new Error('mcl: setDst failed');
  g2Base = new mcl.G2();
  g2Base.deserialize(bls12_381.G2.Point.BASE.toBytes(true));
}

/** Throws unless mcl and noble hash the same messages to the same G1 points. */
export function checkAgreement(): void {
  for (let i = 0; i < 4; i++) {
    const msg = tokenMessage(randomBytes(32), randomBytes(32));
    const a = bytesToHex(mcl.hashAndMapToG1(msg).serialize());
    const b = bytesToHex(hashToG1(msg).toBytes(true));
    if (a !== b) throw new Error(`mcl and noble hash-to-G1 differ: ${a} vs ${b}`);
  }
}

export function mclPublicKey(bytes: Uint8Array): mcl.G2 {
  const pk = new mcl.G2();
  pk.deserialize(bytes);
  return pk;
}

function g1(bytes: Uint8Array): mcl.G1 {
  const p = new mcl.G1();
  p.deserialize(bytes);
  if (p.isZero()) throw new Error('identity');
  return p;
}

/** e(S, G2) · e(−H(m), pk) == 1, one token. */
export function mclVerifyOne(pk: mcl.G2, t: MclToken): boolean {
  try {
    const s = g1(t.signature);
    const h = mcl.hashAndMapToG1(tokenMessage(t.keyId, t.ballotPk));
    return mcl.finalExp(mcl.mul(mcl.millerLoop(s, g2Base), mcl.millerLoop(mcl.neg(h), pk))).isOne();
  } catch {
    return false;
  }
}

/** The same small-exponent batch test as crypto/batch-verify.ts: 128-bit random coefficients. */
export function mclVerifyBatch(pk: mcl.G2, tokens: readonly MclToken[]): boolean {
  try {
    const sigs: mcl.G1[] = [];
    const hashes: mcl.G1[] = [];
    const coeffs: mcl.Fr[] = [];
    for (const t of tokens) {
      sigs.push(g1(t.signature));
      hashes.push(mcl.hashAndMapToG1(tokenMessage(t.keyId, t.ballotPk)));
      const r = new mcl.Fr();
      r.setLittleEndian(randomBytes(16));
      coeffs.push(r);
    }
    const s = mcl.mulVec(sigs, coeffs);
    const h = mcl.mulVec(hashes, coeffs);
    return mcl.finalExp(mcl.mul(mcl.millerLoop(s, g2Base), mcl.millerLoop(mcl.neg(h), pk))).isOne();
  } catch {
    return false;
  }
}
