/**
 * sealvote's one Ed25519 rule (crypto/ed25519.ts, issue 14). Vectors: RFC 8032 §7.1 TEST 1–3
 * (valid); the splitting signatures of ed25519-cases.ts, each accepted by some common verifier
 * and refused by the rule; every byte flipped of a valid signature.
 */
import { ed25519 } from '@noble/curves/ed25519.js';
import { bytesToNumberLE } from '@noble/curves/utils.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hexToBytes } from '../../crypto/bytes';
import { ED25519_L, verifyEd25519 } from '../../crypto/ed25519';
import { challenge, nonCanonicalA, nonCanonicalR, sPlusL, signBitA, smallOrderA, splittingCases, T8, torsionA, torsionAandR, torsionR } from './ed25519-cases';

const msg = new TextEncoder().encode('sealvote/ballot/v1\n{}');
const seed = () => ed25519.utils.randomSecretKey();
const cofactored = (c: { sig: Uint8Array; msg: Uint8Array; pk: Uint8Array }, zip215: boolean) => ed25519.verify(c.sig, c.msg, c.pk, { zip215 });

describe('verifyEd25519', () => {
  it('accepts RFC 8032 §7.1 TEST 1, 2 and 3', () => {
    // RFC 8032 §7.1: (public key, message, signature).
    const vectors = [
      ['d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a', '', 'e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b'],
      ['3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c', '72', '92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00'],
      ['fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025', 'af82', '6291d657deec24024827e69c3abe01a30ce548a284743a445e3680d7db5ac3ac18ff9b538d16f290ae67f760984dc6594a7c15e9716ed28dc027beceea1ec40a'],
    ];
    for (const [pk, m, s] of vectors) expect(verifyEd25519(hexToBytes(s!), hexToBytes(m!), hexToBytes(pk!))).toBe(true);
  });

  it('accepts what noble signs, and refuses it after any one bit of signature, message or key changes', () => {
    const sk = seed();
    const pk = ed25519.getPublicKey(sk);
    const sig = ed25519.sign(msg, sk);
    expect(verifyEd25519(sig, msg, pk)).toBe(true);
    for (const [which, bytes] of [['sig', sig], ['msg', msg], ['pk', pk]] as const) {
      for (let i = 0; i < bytes.length; i++) {
        const changed = bytes.slice();
        changed[i]! ^= 1 << (i % 8);
        const a = { sig, msg, pk, [which]: changed };
        expect(verifyEd25519(a.sig, a.msg, a.pk)).toBe(false);
      }
    }
  });

  it('refuses a torsion component in R, though noble (cofactored) accepts it', () => {
    const c = torsionR(seed(), msg);
    expect(cofactored(c, false)).toBe(true);
    expect(verifyEd25519(c.sig, c.msg, c.pk)).toBe(false);
  });

  it('refuses a key with a torsion component, though both equations hold', () => {
    const c = torsionA(seed(), msg);
    expect(cofactored(c, false)).toBe(true);
    const A = ed25519.Point.fromBytes(c.pk);
    const R = ed25519.Point.fromBytes(c.sig.subarray(0, 32));
    // The cofactorless equation holds too: [S]B = R + [k]A' exactly (OpenSSL accepts: test/node-crypto).
    const k = challenge(c.sig.subarray(0, 32), c.pk, c.msg);
    expect(ed25519.Point.BASE.multiply(bytesToNumberLE(c.sig.subarray(32))).equals(R.add(A.multiply(k)))).toBe(true);
    expect(A.isTorsionFree()).toBe(false);
    expect(R.isTorsionFree()).toBe(true);
    expect(verifyEd25519(c.sig, c.msg, c.pk)).toBe(false);
  });

  it('refuses torsion in both A and R, the cofactorless equation exact', () => {
    const c = torsionAandR(seed(), msg);
    expect(cofactored(c, false)).toBe(true);
    expect(verifyEd25519(c.sig, c.msg, c.pk)).toBe(false);
  });

  it('refuses a small-order key (one signature for every message under the cofactored check)', () => {
    const c = smallOrderA(msg);
    expect(cofactored(c, true)).toBe(true);
    expect(verifyEd25519(c.sig, c.msg, c.pk)).toBe(false);
    expect(verifyEd25519(c.sig, new TextEncoder().encode('another'), c.pk)).toBe(false);
  });

  it('refuses non-canonical A, non-canonical R and S ≥ L, each accepted by a lax verifier', () => {
    for (const c of [nonCanonicalA(msg), nonCanonicalR(seed(), msg)]) {
      expect(cofactored(c, true), c.name).toBe(true);
      expect(verifyEd25519(c.sig, c.msg, c.pk), c.name).toBe(false);
    }
    const s = sPlusL(seed(), msg);
    expect(bytesToNumberLE(s.sig.subarray(32)) >= ED25519_L).toBe(true);
    expect(verifyEd25519(s.sig, s.msg, s.pk)).toBe(false);
    expect(verifyEd25519(signBitA(msg).sig, msg, signBitA(msg).pk)).toBe(false);
  });

  it('refuses every key of small order in every encoding', () => {
    const sk = seed();
    const sig = ed25519.sign(msg, sk);
    let Q = ed25519.Point.ZERO;
    for (let i = 0; i < 8; i++, Q = Q.add(T8)) {
      const enc = Q.toBytes();
      const flipped = enc.slice();
      flipped[31]! ^= 0x80;
      for (const pk of [enc, flipped]) expect(verifyEd25519(sig, msg, pk)).toBe(false);
    }
  });

  it('refuses every splitting case for any key and message (fast-check)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 32, maxLength: 32 }), fc.uint8Array({ maxLength: 64 }), (sk, m) => {
        for (const c of splittingCases(sk, m)) expect(verifyEd25519(c.sig, c.msg, c.pk), c.name).toBe(false);
      }),
      { numRuns: 8 },
    );
  });

  it('throws on wrong lengths (malformed input)', () => {
    const sk = seed();
    const sig = ed25519.sign(msg, sk);
    const pk = ed25519.getPublicKey(sk);
    expect(() => verifyEd25519(sig.subarray(1), msg, pk)).toThrow();
    expect(() => verifyEd25519(sig, msg, pk.subarray(1))).toThrow();
  });
});
