/**
 * mcl-wasm's OWN verdict (no noble fallback) agrees with noble on valid tokens and on every kind
 * of bad one — swapped, foreign key, garbage, off-subgroup (torsion), identity, non-canonical —
 * and the backend's answer (with its fallback) equals verifyTokenGroup's, message included.
 */
import { randomBytes } from 'node:crypto';
import { bls12_381 } from '@noble/curves/bls12-381.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { bytesToHex } from '../../crypto/bytes';
import { decodeG1Signature, hashToG1, signTokenDirect, tokenMessage, verifyToken } from '../../crypto/token';
import { deriveIssuerKey } from '../../crypto/issuer-key';
import { verifyTokenGroup, type TokenGroup } from '../../src/verifier';
import { loadMcl, type MclBackend } from '../../src/verifier-node';
import { G2_GENERATOR, SELF_TEST, selfTestGroup } from '../../src/verifier-node/mcl';
import { encodeX, torsionEncoding } from './g1-encodings';

const Fp = bls12_381.fields.Fp;
const key = deriveIssuerKey(randomBytes(32), { meeting: 'mtg_m', item: 'itm_m', round: 1, klass: 'A' });
const other = deriveIssuerKey(randomBytes(32), { meeting: 'mtg_m', item: 'itm_m', round: 2, klass: 'A' });
const tokens = Array.from({ length: 5 }, () => {
  const ballotPk = randomBytes(32);
  return { keyId: key.keyId, ballotPk, signature: signTokenDirect(key.secretKey, key.keyId, ballotPk) };
});

let mcl: MclBackend;
beforeAll(async () => {
  mcl = await loadMcl();
});

describe('the mcl-wasm token backend', () => {
  it('accepts the valid group as noble does', () => {
    const group = { publicKey: key.publicKey, tokens };
    expect(verifyTokenGroup(group)).toEqual({ ok: true, bad: [] });
    expect(mcl.holds(group)).toBe(true);
    expect(mcl.verifyGroup(group)).toEqual({ ok: true, bad: [] });
  });

  const torsion = torsionEncoding();
  const badSignatures: Array<[string, Uint8Array]> = [
    ['another ballot key’s token (swapped)', tokens[1]!.signature],
    ['a token under another issuer key', signTokenDirect(other.secretKey, key.keyId, tokens[0]!.ballotPk)],
    ['garbage bytes', new Uint8Array(48).fill(0xff)],
    ['a point outside the subgroup (torsion)', torsion.bytes],
    ['the identity', Uint8Array.from([0xc0, ...new Uint8Array(47)])],
    ['a non-canonical x (x + p)', encodeX(torsion.x + Fp.ORDER, false)],
    ['a short signature', tokens[0]!.signature.slice(0, 47)],
  ];
  it.each(badSignatures)('rejects %s as noble does, naming the same token', (_, signature) => {
    const group: TokenGroup = { publicKey: key.publicKey, tokens: [...tokens.slice(1), { ...tokens[0]!, signature }] };
    const reference = verifyTokenGroup(group);
    expect(reference).toEqual({ ok: false, bad: [tokens.length - 1] });
    expect(mcl.holds(group)).toBe(false);
    expect(mcl.verifyGroup(group)).toEqual(reference);
  });

  it('the torsion point really is on the curve and off the subgroup (the case tests what it claims)', () => {
    expect(() => decodeG1Signature(torsion.bytes)).toThrow();
    const x = torsion.x;
    expect(Fp.eql(Fp.sqr(Fp.sqrt(Fp.add(Fp.pow(x, 3n), 4n))), Fp.add(Fp.pow(x, 3n), 4n))).toBe(true);
  });

  it('rejects a token naming another key id, and a malformed issuer key with noble’s message', () => {
    const foreignId = { publicKey: key.publicKey, tokens: [{ ...tokens[0]!, keyId: other.keyId }] };
    expect(mcl.holds(foreignId)).toBe(false);
    expect(mcl.verifyGroup(foreignId)).toEqual(verifyTokenGroup(foreignId));
    for (const publicKey of [Uint8Array.from([0xc0, ...new Uint8Array(95)]), new Uint8Array(96).fill(0xff), key.publicKey.slice(1)]) {
      const group = { publicKey, tokens };
      const reference = verifyTokenGroup(group);
      expect(reference.error).toBeTruthy();
      expect(mcl.holds(group)).toBe(false);
      expect(mcl.verifyGroup(group)).toEqual(reference);
    }
  });

  // The server's token thread checks a lone token without batch coefficients, under a key
  // decoded once and kept with its Miller lines (src/verifier-node/mcl.ts keyCache).
  it.each(badSignatures)('a lone token: refuses %s as noble does', (_, signature) => {
    const group: TokenGroup = { publicKey: key.publicKey, tokens: [{ ...tokens[0]!, signature }] };
    expect(verifyTokenGroup(group)).toEqual({ ok: false, bad: [0] });
    expect(mcl.holds(group)).toBe(false);
  });

  it('a lone token: accepts each valid one, under its own key only, with more keys seen than it keeps', () => {
    for (const t of tokens) expect(mcl.holds({ publicKey: key.publicKey, tokens: [t] })).toBe(true);
    // 40 other keys (beyond the 32 kept) in between: the first key is dropped, decoded again, and still decides alike.
    const others = Array.from({ length: 40 }, (_, i) => deriveIssuerKey(randomBytes(32), { meeting: 'mtg_m', item: `itm_${i}`, round: 1, klass: 'A' }));
    for (const o of others) {
      const ballotPk = randomBytes(32);
      const mine = { keyId: o.keyId, ballotPk, signature: signTokenDirect(o.secretKey, o.keyId, ballotPk) };
      expect(mcl.holds({ publicKey: o.publicKey, tokens: [mine] })).toBe(true);
      // The same token under the first key: its key id names another key, and its signature is not the first key's.
      expect(mcl.holds({ publicKey: key.publicKey, tokens: [{ ...mine, keyId: key.keyId }] })).toBe(false);
    }
    expect(mcl.holds({ publicKey: key.publicKey, tokens: [tokens[2]!] })).toBe(true);
    expect(mcl.holds({ publicKey: other.publicKey, tokens: [{ ...tokens[2]!, keyId: other.keyId }] })).toBe(false);
  });

  it('finds every bad index as noble does when several tokens are bad', () => {
    const group = { publicKey: key.publicKey, tokens: tokens.map((t, i) => (i % 2 ? { ...t, signature: tokens[(i + 1) % tokens.length]!.signature } : t)) };
    expect(mcl.verifyGroup(group)).toEqual(verifyTokenGroup(group));
    expect(verifyTokenGroup(group).bad).toEqual([1, 3]);
  });
});

describe("mcl-wasm's start-up self-test", () => {
  it('uses known answers that noble computes today (hash with our DST, key, both tokens)', () => {
    const msg = tokenMessage(new Uint8Array(32).fill(SELF_TEST.message.keyId), new Uint8Array(32).fill(SELF_TEST.message.ballotPk));
    expect(bytesToHex(hashToG1(msg).toBytes(true))).toBe(SELF_TEST.hash);
    const k = deriveIssuerKey(new Uint8Array(32).fill(3), { meeting: 'mcl-self-test', item: 'item', round: 1, klass: 'A' });
    expect(bytesToHex(k.publicKey)).toBe(SELF_TEST.publicKey);
    for (const t of SELF_TEST.tokens) {
      expect(bytesToHex(signTokenDirect(k.secretKey, k.keyId, new Uint8Array(32).fill(t.ballotPk)))).toBe(t.signature);
    }
  });

  it('takes the G2 generator that noble encodes (its pairing base)', () => {
    expect(bytesToHex(G2_GENERATOR)).toBe(bytesToHex(bls12_381.G2.Point.BASE.toBytes(true)));
  });

  it('its valid group verifies and its swapped group does not, by noble and by mcl alone', () => {
    const good = selfTestGroup();
    const swapped = selfTestGroup(true);
    for (const t of good.tokens) expect(verifyToken(good.publicKey, t.keyId, t.ballotPk, t.signature)).toBe(true);
    expect(verifyTokenGroup(swapped)).toEqual({ ok: false, bad: [0, 1] });
    expect(mcl.holds(good)).toBe(true);
    expect(mcl.holds(swapped)).toBe(false);
  });
});
