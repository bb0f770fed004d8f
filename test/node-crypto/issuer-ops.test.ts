/**
 * The issuer's BLS operations on Node (src/node-crypto/issuer-ops.ts) answer as noble's
 * (crypto/coissue.ts NOBLE_ISSUER_OPS): the same blind-signature bytes for every key and point,
 * the same error for every input noble refuses, the same PopVerify verdict — and mcl-wasm
 * itself computes the valid cases (mcl alone is asked too), so a backend that always handed
 * over to noble would fail here.
 */
import { randomBytes } from 'node:crypto';
import { bls12_381 } from '@noble/curves/bls12-381.js';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { bytesToHex } from '../../crypto/bytes';
import { deriveCoissuerShare, NOBLE_ISSUER_OPS, popProve, type IssuerOps } from '../../crypto/coissue';
import { deriveIssuerKey } from '../../crypto/issuer-key';
import { blind, blindSign, finalize } from '../../crypto/token';
import { mclIssuerOps } from '../../src/node-crypto/issuer-ops';
import { loadMcl, type MclBackend } from '../../src/verifier-node';
import { SELF_TEST } from '../../src/verifier-node/mcl';
import { encodeX, torsionEncoding } from '../verifier/g1-encodings';

const Fp = bls12_381.fields.Fp;
const ctx = { meeting: 'mtg_ops', item: 'itm_ops', round: 1, klass: 'A' as const };
const key = deriveIssuerKey(randomBytes(32), ctx);

let mcl: MclBackend;
let ops: IssuerOps;
beforeAll(async () => {
  mcl = await loadMcl();
  ops = mclIssuerOps(mcl);
});

/** What noble gives: the bytes, or the error's class and message. */
function outcome(f: () => Uint8Array): string {
  try {
    return bytesToHex(f());
  } catch (e) {
    return `${(e as Error).name}: ${(e as Error).message}`;
  }
}

describe('blind signing by mcl-wasm', () => {
  it("signs a tablet's blinded point with noble's bytes, computed by mcl, and the tablet finalizes a valid token", () => {
    const ballotPk = randomBytes(32);
    const { blinded, blindState } = blind(key.keyId, ballotPk);
    const fromMcl = mcl.blindSign(key.secretKey, blinded);
    expect(fromMcl).not.toBeNull();
    expect(bytesToHex(fromMcl!)).toBe(bytesToHex(blindSign(key.secretKey, blinded)));
    expect(bytesToHex(ops.blindSign(key.secretKey, blinded))).toBe(bytesToHex(fromMcl!));
    expect(() => finalize(key.publicKey, key.keyId, ballotPk, blindState, fromMcl!)).not.toThrow();
  });

  it('equals noble for any secret key and any point of G1 \\ {O} (property)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 32, maxLength: 32 }), fc.bigInt({ min: 1n, max: bls12_381.fields.Fr.ORDER - 1n }), (seed, k) => {
        const share = deriveCoissuerShare(seed, ctx);
        const point = bls12_381.G1.Point.BASE.multiply(k).toBytes(true);
        const fromMcl = mcl.blindSign(share.secretKey, point);
        expect(fromMcl).not.toBeNull();
        expect(bytesToHex(fromMcl!)).toBe(bytesToHex(blindSign(share.secretKey, point)));
      }),
      { numRuns: 25 },
    );
  });

  const torsion = torsionEncoding();
  const good = blind(key.keyId, randomBytes(32)).blinded;
  const refusedPoints: Array<[string, Uint8Array]> = [
    ['a point outside the subgroup (torsion)', torsion.bytes],
    ['the identity', Uint8Array.from([0xc0, ...new Uint8Array(47)])],
    ['a non-canonical x (x + p)', encodeX(torsion.x + Fp.ORDER, false)],
    ['an x with no point on the curve', encodeX(0n, false)],
    ['garbage bytes', new Uint8Array(48).fill(0xff)],
    ['an uncompressed flag', Uint8Array.from([good[0]! & 0x7f, ...good.slice(1)])],
    ['a short point', good.slice(0, 47)],
    ['a long point', Uint8Array.from([...good, 0])],
  ];
  it.each(refusedPoints)('refuses %s with noble’s error, mcl signing nothing', (_, blinded) => {
    const reference = outcome(() => blindSign(key.secretKey, blinded));
    expect(reference).toMatch(/^CryptoInputError: /);
    expect(mcl.blindSign(key.secretKey, blinded)).toBeNull();
    expect(outcome(() => ops.blindSign(key.secretKey, blinded))).toBe(reference);
  });

  const order = bls12_381.fields.Fr.ORDER;
  const refusedKeys: Array<[string, Uint8Array]> = [
    ['zero', new Uint8Array(32)],
    ['the group order', Uint8Array.from(Buffer.from(order.toString(16).padStart(64, '0'), 'hex'))],
    ['all ones', new Uint8Array(32).fill(0xff)],
    ['a short key', key.secretKey.slice(1)],
  ];
  it.each(refusedKeys)('refuses a secret key that is %s with noble’s error', (_, secretKey) => {
    const reference = outcome(() => blindSign(secretKey, good));
    expect(reference).toMatch(/^CryptoInputError: /);
    expect(mcl.blindSign(secretKey, good)).toBeNull();
    expect(outcome(() => ops.blindSign(secretKey, good))).toBe(reference);
  });

  it("the start-up self-test's known answer is noble's blind signature with the self-test key", () => {
    const k = deriveIssuerKey(new Uint8Array(32).fill(3), { meeting: 'mcl-self-test', item: 'item', round: 1, klass: 'A' });
    expect(bytesToHex(k.secretKey)).toBe(SELF_TEST.blindSign.secretKey);
    expect(SELF_TEST.blindSign.blinded).toBe(SELF_TEST.hash);
    expect(bytesToHex(blindSign(k.secretKey, Buffer.from(SELF_TEST.blindSign.blinded, 'hex')))).toBe(SELF_TEST.blindSign.signature);
  });
});

describe('proofs of possession by mcl-wasm', () => {
  const share = deriveCoissuerShare(randomBytes(32), ctx);
  const pop = popProve(share.secretKey);

  it('accepts a valid proof by mcl alone, as noble does', () => {
    expect(NOBLE_ISSUER_OPS.popVerify(share.publicKey, pop)).toBe(true);
    expect(mcl.proofHolds(share.publicKey, pop)).toBe(true);
    expect(ops.popVerify(share.publicKey, pop)).toBe(true);
  });

  const torsion = torsionEncoding();
  const bad: Array<[string, Uint8Array, Uint8Array]> = [
    ["another key's proof", key.publicKey, pop],
    ['a proof of another key', share.publicKey, popProve(key.secretKey)],
    ['a token signature instead of a proof', share.publicKey, blindSign(share.secretKey, blind(key.keyId, randomBytes(32)).blinded)],
    ['a proof off the subgroup', share.publicKey, torsion.bytes],
    ['the identity as proof', share.publicKey, Uint8Array.from([0xc0, ...new Uint8Array(47)])],
    ['the identity as key', Uint8Array.from([0xc0, ...new Uint8Array(95)]), pop],
    ['a garbage key', new Uint8Array(96).fill(0xff), pop],
    ['a short proof', share.publicKey, pop.slice(1)],
  ];
  it.each(bad)('refuses %s, as noble does', (_, publicKey, proof) => {
    expect(NOBLE_ISSUER_OPS.popVerify(publicKey, proof)).toBe(false);
    expect(mcl.proofHolds(publicKey, proof)).toBe(false);
    expect(ops.popVerify(publicKey, proof)).toBe(false);
  });
});
