/**
 * 2-of-2 blind issuance (crypto/coissue.ts). Vectors: test/vectors/coissuance/shares-and-token.json,
 * computed with noble and recomputed here, the pairing-based values again with mcl-wasm
 * (herumi/mcl), an independent implementation of hash-to-curve and the pairing.
 */
import { readFileSync } from 'node:fs';
import { bls12_381 } from '@noble/curves/bls12-381.js';
import { ed25519 } from '@noble/curves/ed25519.js';
import fc from 'fast-check';
import type * as Mcl from 'mcl-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { verifyTokenBatch } from '../../crypto/batch-verify';
import { bytesToHex, CryptoInputError, hexToBytes } from '../../crypto/bytes';
import {
  CoissuanceFault,
  combinePublicKeys,
  deriveCoissuerShare,
  finalizeCoissued,
  POP_DST,
  popProve,
  popVerify,
  popVerifyBatch,
  signPartialAnswer,
  verifyPartial,
  verifyPartialAnswer,
  type CoissuedAnswer,
} from '../../crypto/coissue';
import { bytesToBigInt, deriveIssuerKey, type IssuerContext } from '../../crypto/issuer-key';
import { blind, blindSign, hashToG1, hashToken, signTokenDirect, TOKEN_DST, verifyToken } from '../../crypto/token';
import { encodeG1Unchecked, g1IdentityBytes, smallOrderG1Point } from './token-fixtures';

const V = JSON.parse(readFileSync(new URL('../vectors/coissuance/shares-and-token.json', import.meta.url), 'utf8'));
const G1 = bls12_381.G1.Point;
const G2 = bls12_381.G2.Point;
const Fr = bls12_381.fields.Fr;
const ctx: IssuerContext = V.context;
const master = hexToBytes(V.master, 32);
const seed = hexToBytes(V.coissuerSeed, 32);
const service = deriveIssuerKey(master, ctx);
const commission = deriveCoissuerShare(seed, ctx);
const combined = combinePublicKeys(service.publicKey, commission.publicKey);
const coissuerKey = ed25519.getPublicKey(seed);

function flip(b: Uint8Array, i: number): Uint8Array {
  const out = b.slice();
  out[i]! ^= 0x01;
  return out;
}

/** The whole exchange: tablet blinds, each party signs B, the co-issuer signs its answer. */
function exchange(ballotPk = hexToBytes(V.token.ballotPk, 32), rand?: (n: number) => Uint8Array): CoissuedAnswer {
  const { blinded, blindState } = blind(combined.keyId, ballotPk, rand);
  const commissionPartial = blindSign(commission.secretKey, blinded);
  return {
    publicKey: combined.publicKey,
    keyId: combined.keyId,
    servicePk: service.publicKey,
    commissionPk: commission.publicKey,
    coissuerKey,
    ballotPk,
    blindState,
    blinded,
    servicePartial: blindSign(service.secretKey, blinded),
    commissionPartial,
    answerSignature: signPartialAnswer(seed, combined.keyId, blinded, commissionPartial),
  };
}

describe('the vectors (noble)', () => {
  it('recomputes both shares, both proofs and the combined key', () => {
    expect(bytesToHex(service.secretKey)).toBe(V.service.secretKey);
    expect(bytesToHex(service.publicKey)).toBe(V.service.publicKey);
    expect(bytesToHex(popProve(service.secretKey))).toBe(V.service.pop);
    expect(bytesToHex(commission.secretKey)).toBe(V.commission.secretKey);
    expect(bytesToHex(commission.publicKey)).toBe(V.commission.publicKey);
    expect(bytesToHex(popProve(commission.secretKey))).toBe(V.commission.pop);
    expect(bytesToHex(combined.publicKey)).toBe(V.combined.publicKey);
    expect(bytesToHex(combined.keyId)).toBe(V.combined.keyId);
    expect(bytesToHex(coissuerKey)).toBe(V.coissuerPublicKey);
  });

  it('recomputes the token exchange from its fixed randomness', () => {
    const rnd = hexToBytes(V.token.blindRandom, 48);
    const a = exchange(hexToBytes(V.token.ballotPk, 32), () => rnd.slice());
    expect(bytesToHex(a.blindState)).toBe(V.token.blindState);
    expect(bytesToHex(a.blinded)).toBe(V.token.blinded);
    expect(bytesToHex(a.servicePartial)).toBe(V.token.servicePartial);
    expect(bytesToHex(a.commissionPartial)).toBe(V.token.commissionPartial);
    expect(bytesToHex(a.answerSignature)).toBe(V.token.answerSignature);
    expect(bytesToHex(finalizeCoissued(a))).toBe(V.token.signature);
  });

  it('PopProve is the draft\'s: the short signature of pk under the PoP DST (noble shortSignatures)', () => {
    const short = bls12_381.shortSignatures;
    const h = short.hash(service.publicKey, POP_DST);
    expect(bytesToHex(short.Signature.toBytes(short.sign(h, service.secretKey)))).toBe(V.service.pop);
    expect(POP_DST).toBe('BLS_POP_BLS12381G1_XMD:SHA-256_SSWU_RO_POP_');
  });

  it('the commission share is bound to its own salt: the same secret gives another key than the service\'s', () => {
    const sameSecret = deriveCoissuerShare(master, ctx);
    expect(bytesToHex(sameSecret.publicKey)).not.toBe(bytesToHex(service.publicKey));
    for (const other of [{ ...ctx, round: 2 }, { ...ctx, klass: 'B' as const }, { ...ctx, item: 'item-2' }, { ...ctx, meeting: 'm2' }]) {
      expect(bytesToHex(deriveCoissuerShare(seed, other).publicKey)).not.toBe(bytesToHex(commission.publicKey));
    }
    expect(() => deriveCoissuerShare(new Uint8Array(31), ctx)).toThrow(CryptoInputError);
  });
});

describe('the vectors again with mcl-wasm', () => {
  let m: typeof Mcl & { mod: Record<string, any> };
  const setDst = (dst: string) => {
    const bytes = new TextEncoder().encode(dst);
    const sp = m.mod.stackSave();
    try {
      const p = m.mod.stackAlloc(bytes.length);
      m.mod.HEAP8.set(bytes, p);
      if (m.mod._mclBnG1_setDst(p, bytes.length) !== 0) throw new Error('setDst failed');
    } finally {
      m.mod.stackRestore(sp);
    }
  };
  const g1 = (hex: string) => {
    const p = new m.G1();
    p.deserialize(hexToBytes(hex));
    return p;
  };
  const g2 = (hex: string) => {
    const p = new m.G2();
    p.deserialize(hexToBytes(hex));
    return p;
  };
  const fr = (hex: string) => {
    const x = new m.Fr();
    x.setBigEndianMod(hexToBytes(hex));
    return x;
  };
  const gen2 = () => g2(bytesToHex(G2.BASE.toBytes(true)));

  beforeAll(async () => {
    const imported = (await import('mcl-wasm')) as unknown as { default?: typeof m } & typeof m;
    m = imported.default ?? imported;
    await m.init(m.BLS12_381);
    m.setETHserialization(true);
    m.setMapToMode(m.IRTF);
    m.verifyOrderG1(true);
    m.verifyOrderG2(true);
  });

  it('pk_i = sk_i·G2 and pk = pk_s + pk_c', () => {
    for (const share of [V.service, V.commission]) {
      expect(bytesToHex(m.mul(gen2(), fr(share.secretKey)).serialize())).toBe(share.publicKey);
    }
    expect(bytesToHex(m.add(g2(V.service.publicKey), g2(V.commission.publicKey)).serialize())).toBe(V.combined.publicKey);
  });

  it('each proof of possession: sk·hash_to_G1(pk, POP DST), and its pairing equation', () => {
    setDst(POP_DST);
    for (const share of [V.service, V.commission]) {
      const q = m.hashAndMapToG1(hexToBytes(share.publicKey));
      expect(bytesToHex(m.mul(q, fr(share.secretKey)).serialize())).toBe(share.pop);
      expect(m.pairing(g1(share.pop), gen2()).isEqual(m.pairing(q, g2(share.publicKey)))).toBe(true);
    }
  });

  it('each partial and the token', () => {
    setDst(TOKEN_DST);
    const b = g1(V.token.blinded);
    for (const [partial, share] of [
      [V.token.servicePartial, V.service],
      [V.token.commissionPartial, V.commission],
    ]) {
      expect(bytesToHex(m.mul(b, fr(share.secretKey)).serialize())).toBe(partial);
      expect(m.pairing(g1(partial), gen2()).isEqual(m.pairing(b, g2(share.publicKey)))).toBe(true);
    }
    const msg = new Uint8Array([...new TextEncoder().encode('sealvote/token/v1'), ...hexToBytes(V.combined.keyId), ...hexToBytes(V.token.ballotPk)]);
    const h = m.hashAndMapToG1(msg);
    expect(m.pairing(g1(V.token.signature), gen2()).isEqual(m.pairing(h, g2(V.combined.publicKey)))).toBe(true);
  });
});

describe('proof of possession (draft-irtf-cfrg-bls-signature-05 §3.3)', () => {
  const pop = popProve(commission.secretKey);

  it('verifies for its own key only', () => {
    expect(popVerify(commission.publicKey, pop)).toBe(true);
    expect(popVerify(service.publicKey, pop)).toBe(false);
    expect(popVerify(combined.publicKey, pop)).toBe(false);
  });

  it('refuses a flipped byte of either value', () => {
    for (let i = 0; i < 48; i += 7) expect(popVerify(commission.publicKey, flip(pop, i))).toBe(false);
    for (let i = 0; i < 96; i += 11) expect(popVerify(flip(commission.publicKey, i), pop)).toBe(false);
  });

  it('refuses a signature of pk under the token DST (its own DST)', () => {
    const sk = bytesToBigInt(commission.secretKey);
    const underTokenDst = hashToG1(commission.publicKey, TOKEN_DST).multiply(sk).toBytes(true);
    expect(popVerify(commission.publicKey, underTokenDst)).toBe(false);
  });

  it('refuses the identity, a small-order point and an identity key', () => {
    expect(popVerify(commission.publicKey, g1IdentityBytes())).toBe(false);
    const t = smallOrderG1Point();
    expect(popVerify(commission.publicKey, encodeG1Unchecked(G1.fromAffine(t.toAffine()).add(G1.fromBytes(pop))))).toBe(false);
    const o = new Uint8Array(96);
    o[0] = 0xc0;
    expect(popVerify(o, pop)).toBe(false);
    expect(popVerify(new Uint8Array(95), pop)).toBe(false);
    expect(popVerify(commission.publicKey, new Uint8Array(47))).toBe(false);
  });

  it('stops a rogue share made without the co-issuer\'s signer, and shows why the signer must wait', () => {
    // pk_s' = x·G2 − pk_c: the combined key would be x·G2, the service's alone.
    const x = 123456789n;
    const rogue = G2.BASE.multiply(x).subtract(G2.fromBytes(commission.publicKey)).toBytes(true);
    const q = hashToG1(rogue, 'BLS_POP_BLS12381G1_XMD:SHA-256_SSWU_RO_POP_');
    // Without sk_c the best the service can do is x·Q: refused.
    expect(popVerify(rogue, q.multiply(x).toBytes(true))).toBe(false);
    // With one blind signature of Q under sk_c (Q sent as if a tablet's blinded point) it passes:
    // so the co-issuer signs nothing for a vote before it has accepted that vote's service share.
    const oracle = G1.fromBytes(blindSign(commission.secretKey, q.toBytes(true)));
    expect(popVerify(rogue, q.multiply(x).subtract(oracle).toBytes(true))).toBe(true);
  });
});

describe('proofs of possession in one batch (a verifier\'s whole record)', () => {
  const shares = [1, 2, 3, 4].map((round) => deriveIssuerKey(new Uint8Array(32).fill(round), { meeting: 'mtg_batch', item: 'itm_batch', round, klass: 'A' }));
  const items = () => shares.map((s) => ({ publicKey: s.publicKey, proof: popProve(s.secretKey) }));

  it('holds when every proof holds, and for none', () => {
    expect(popVerifyBatch(items())).toBe(true);
    expect(popVerifyBatch([])).toBe(true);
  });

  it('fails when one proof is another key\'s, or two are swapped', () => {
    const one = items();
    one[2] = { ...one[2]!, proof: one[1]!.proof };
    expect(popVerifyBatch(one)).toBe(false);
    const swapped = items();
    [swapped[0]!.proof, swapped[3]!.proof] = [swapped[3]!.proof, swapped[0]!.proof];
    expect(popVerifyBatch(swapped)).toBe(false);
  });

  it('fails for two wrong proofs that cancel in a plain sum (π₁ + δ, π₂ − δ): the random coefficients', () => {
    const delta = G1.BASE.multiply(987654321n);
    const cancel = items();
    cancel[0] = { ...cancel[0]!, proof: G1.fromBytes(cancel[0]!.proof).add(delta).toBytes(true) };
    cancel[1] = { ...cancel[1]!, proof: G1.fromBytes(cancel[1]!.proof).subtract(delta).toBytes(true) };
    expect(popVerify(cancel[0]!.publicKey, cancel[0]!.proof)).toBe(false);
    expect(popVerifyBatch(cancel)).toBe(false);
    // With every coefficient 1 the sum would pass: what the coefficients are for.
    expect(popVerifyBatch(cancel, () => Uint8Array.of(...new Uint8Array(15), 1))).toBe(true);
  });

  it('fails for malformed input: an identity proof, a small-order part, a bad key', () => {
    const bad = items();
    bad[1] = { ...bad[1]!, proof: g1IdentityBytes() };
    expect(popVerifyBatch(bad)).toBe(false);
    const torsion = items();
    const t = smallOrderG1Point();
    torsion[0] = { ...torsion[0]!, proof: encodeG1Unchecked(G1.fromAffine(t.toAffine()).add(G1.fromBytes(torsion[0]!.proof))) };
    expect(popVerifyBatch(torsion)).toBe(false);
    const key = items();
    key[3] = { ...key[3]!, publicKey: flip(key[3]!.publicKey, 5) };
    expect(popVerifyBatch(key)).toBe(false);
  });
});

describe('combining shares', () => {
  it('refuses shares that cancel out, and malformed shares', () => {
    const neg = G2.fromBytes(service.publicKey).negate().toBytes(true);
    expect(() => combinePublicKeys(service.publicKey, neg)).toThrow(CryptoInputError);
    expect(() => combinePublicKeys(service.publicKey, flip(commission.publicKey, 5))).toThrow(CryptoInputError);
    expect(() => combinePublicKeys(service.publicKey.subarray(1), commission.publicKey)).toThrow(CryptoInputError);
  });

  it('is symmetric', () => {
    expect(bytesToHex(combinePublicKeys(commission.publicKey, service.publicKey).publicKey)).toBe(bytesToHex(combined.publicKey));
  });
});

describe('the co-issued token', () => {
  it('verifies under the combined key, equals (sk_s + sk_c)·H(m), and batch-verifies', () => {
    const a = exchange();
    const sig = finalizeCoissued(a);
    expect(verifyToken(combined.publicKey, combined.keyId, a.ballotPk, sig)).toBe(true);
    const sum = Fr.add(bytesToBigInt(service.secretKey), bytesToBigInt(commission.secretKey));
    expect(bytesToHex(sig)).toBe(bytesToHex(hashToken(combined.keyId, a.ballotPk).multiply(sum).toBytes(true)));
    const b = exchange(new Uint8Array(32).fill(5));
    const tokens = [a, b].map((x) => ({ keyId: combined.keyId, ballotPk: x.ballotPk, signature: finalizeCoissued(x) }));
    expect(verifyTokenBatch(combined.publicKey, tokens)).toEqual({ ok: true, bad: [] });
  });

  it('a token the service signs alone (master secret in hand) does not verify under the combined key', () => {
    const ballotPk = new Uint8Array(32).fill(6);
    const minted = signTokenDirect(service.secretKey, combined.keyId, ballotPk);
    expect(verifyToken(combined.publicKey, combined.keyId, ballotPk, minted)).toBe(false);
    expect(verifyToken(service.publicKey, combined.keyId, ballotPk, minted)).toBe(false);
  });

  it('each partial verifies under its own share only', () => {
    const a = exchange();
    expect(verifyPartial(service.publicKey, a.blinded, a.servicePartial)).toBe(true);
    expect(verifyPartial(commission.publicKey, a.blinded, a.commissionPartial)).toBe(true);
    expect(verifyPartial(commission.publicKey, a.blinded, a.servicePartial)).toBe(false);
    expect(verifyPartial(service.publicKey, a.blinded, flip(a.servicePartial, 3))).toBe(false);
    expect(verifyPartial(service.publicKey, g1IdentityBytes(), g1IdentityBytes())).toBe(false);
  });

  it('the answer signature binds key id, blinded point and partial', () => {
    const a = exchange();
    expect(verifyPartialAnswer(coissuerKey, a.keyId, a.blinded, a.commissionPartial, a.answerSignature)).toBe(true);
    expect(verifyPartialAnswer(coissuerKey, flip(a.keyId, 0), a.blinded, a.commissionPartial, a.answerSignature)).toBe(false);
    expect(verifyPartialAnswer(coissuerKey, a.keyId, flip(a.blinded, 9), a.commissionPartial, a.answerSignature)).toBe(false);
    expect(verifyPartialAnswer(coissuerKey, a.keyId, a.blinded, flip(a.commissionPartial, 9), a.answerSignature)).toBe(false);
    expect(verifyPartialAnswer(coissuerKey, a.keyId, a.blinded, a.commissionPartial, flip(a.answerSignature, 1))).toBe(false);
    expect(verifyPartialAnswer(ed25519.getPublicKey(new Uint8Array(32).fill(8)), a.keyId, a.blinded, a.commissionPartial, a.answerSignature)).toBe(false);
  });
});

describe('naming the party at fault', () => {
  const faultOf = (a: CoissuedAnswer) => {
    try {
      finalizeCoissued(a);
    } catch (e) {
      if (e instanceof CoissuanceFault) return e.faults;
      throw e;
    }
    return null;
  };
  const wrong = (a: CoissuedAnswer) => blindSign(deriveIssuerKey(new Uint8Array(32).fill(1), ctx).secretKey, a.blinded);

  it('a wrong service partial names the service', () => {
    const a = exchange();
    expect(faultOf({ ...a, servicePartial: wrong(a) })).toEqual([{ party: 'service', reason: 'service_partial' }]);
    expect(faultOf({ ...a, servicePartial: flip(a.servicePartial, 47) })).toEqual([{ party: 'service', reason: 'service_partial' }]);
  });

  it('a wrong co-issuer partial that the co-issuer signed names the co-issuer', () => {
    const a = exchange();
    const bad = wrong(a);
    const signedBad = { ...a, commissionPartial: bad, answerSignature: signPartialAnswer(seed, a.keyId, a.blinded, bad) };
    expect(faultOf(signedBad)).toEqual([{ party: 'coissuer', reason: 'coissuer_partial' }]);
  });

  it('a co-issuer partial changed on the way (its signature no longer holds) names the service', () => {
    const a = exchange();
    expect(faultOf({ ...a, commissionPartial: wrong(a) })).toEqual([{ party: 'service', reason: 'altered_answer' }]);
    expect(faultOf({ ...a, commissionPartial: new Uint8Array(10) })).toEqual([{ party: 'service', reason: 'altered_answer' }]);
  });

  it('both wrong: both named; keys that do not add up: the service', () => {
    const a = exchange();
    const bad = wrong(a);
    const both = { ...a, servicePartial: bad, commissionPartial: bad, answerSignature: signPartialAnswer(seed, a.keyId, a.blinded, bad) };
    const e = (() => {
      try {
        finalizeCoissued(both);
      } catch (err) {
        return err as CoissuanceFault;
      }
    })()!;
    expect(e.parties).toEqual(['service', 'coissuer']);
    expect(faultOf({ ...a, publicKey: service.publicKey })).toEqual([{ party: 'service', reason: 'keys' }]);
    expect(faultOf({ ...a, keyId: flip(a.keyId, 2) })).toEqual([{ party: 'service', reason: 'keys' }]);
    expect(faultOf({ ...a, commissionPk: deriveCoissuerShare(seed, { ...ctx, round: 2 }).publicKey })).toEqual([{ party: 'service', reason: 'keys' }]);
  });

  it('the tablet\'s own malformed state throws a plain input error', () => {
    const a = exchange();
    expect(() => finalizeCoissued({ ...a, blindState: new Uint8Array(32) })).toThrow(CryptoInputError);
    expect(() => finalizeCoissued({ ...a, blinded: g1IdentityBytes() })).toThrow(CryptoInputError);
  });
});

describe('properties', () => {
  it('for any secrets and context, the co-issued token verifies and equals the direct signature under pk_s + pk_c', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 32, maxLength: 32 }),
        fc.uint8Array({ minLength: 32, maxLength: 32 }),
        fc.uint8Array({ minLength: 32, maxLength: 32 }),
        fc.integer({ min: 1, max: 5 }),
        fc.constantFrom<'A' | 'B'>('A', 'B'),
        (ms, cs, ballotPk, round, klass) => {
          const c = { meeting: 'm', item: 'i', round, klass };
          const s = deriveIssuerKey(ms, c);
          const k = deriveCoissuerShare(cs, c);
          const pk = combinePublicKeys(s.publicKey, k.publicKey);
          const { blinded, blindState } = blind(pk.keyId, ballotPk);
          const cp = blindSign(k.secretKey, blinded);
          const sig = finalizeCoissued({
            publicKey: pk.publicKey,
            keyId: pk.keyId,
            servicePk: s.publicKey,
            commissionPk: k.publicKey,
            coissuerKey: ed25519.getPublicKey(cs),
            ballotPk,
            blindState,
            blinded,
            servicePartial: blindSign(s.secretKey, blinded),
            commissionPartial: cp,
            answerSignature: signPartialAnswer(cs, pk.keyId, blinded, cp),
          });
          expect(verifyToken(pk.publicKey, pk.keyId, ballotPk, sig)).toBe(true);
          expect(popVerify(k.publicKey, popProve(k.secretKey))).toBe(true);
        },
      ),
      { numRuns: 8 },
    );
  });
});
