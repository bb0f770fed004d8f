import { bls12_381 } from '@noble/curves/bls12-381.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bytesToHex, CryptoInputError, hexToBytes } from '../../crypto/bytes';
import { bytesToBigInt, deriveIssuerKey, type IssuerContext } from '../../crypto/issuer-key';
import {
  blind,
  blindSign,
  decodeG1Signature,
  finalize,
  hashToken,
  signTokenDirect,
  tokenMessage,
  verifyToken,
} from '../../crypto/token';
import { encodeG1Unchecked, g1IdentityBytes, smallOrderG1Point } from './token-fixtures';

const master = hexToBytes('5ea1ed5ea1ed5ea1ed5ea1ed5ea1ed5ea1ed5ea1ed5ea1ed5ea1ed5ea1ed5ea1');
const ctx: IssuerContext = { meeting: 'm-1', item: 'item-1', round: 1, klass: 'A' };
const issuer = deriveIssuerKey(master, ctx);
const ballotPk = hexToBytes('d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a');

function flipByte(b: Uint8Array, i: number): Uint8Array {
  const out = b.slice();
  out[i]! ^= 0x01;
  return out;
}

/** The whole tablet/server exchange for one token. */
function issue(key = issuer, pk = ballotPk) {
  const { blinded, blindState } = blind(key.keyId, pk);
  const blindSig = blindSign(key.secretKey, blinded);
  return { blinded, blindState, blindSig, sig: finalize(key.publicKey, key.keyId, pk, blindState, blindSig) };
}

describe('blind token flow', () => {
  const { blinded, blindState, blindSig, sig } = issue();

  it('unblinds to exactly the direct signature sk·H(m)', () => {
    const sk = bytesToBigInt(issuer.secretKey);
    const direct = hashToken(issuer.keyId, ballotPk).multiply(sk).toBytes(true);
    expect(bytesToHex(sig)).toBe(bytesToHex(direct));
    expect(bytesToHex(signTokenDirect(issuer.secretKey, issuer.keyId, ballotPk))).toBe(bytesToHex(direct));
  });

  it('agrees with noble shortSignatures (S = sk·H(m), e(S, G2) = e(H(m), pk))', () => {
    const short = bls12_381.shortSignatures;
    const h = short.hash(tokenMessage(issuer.keyId, ballotPk), 'SEALVOTE-V1-TOKEN-BLS12381G1_XMD:SHA-256_SSWU_RO_');
    expect(bytesToHex(short.Signature.toBytes(short.sign(h, issuer.secretKey)))).toBe(bytesToHex(sig));
    expect(short.verify(sig, h, issuer.publicKey)).toBe(true);
  });

  it('verifies under its key', () => {
    expect(sig).toHaveLength(48);
    expect(verifyToken(issuer.publicKey, issuer.keyId, ballotPk, sig)).toBe(true);
  });

  const others: Array<[string, IssuerContext]> = [
    ['item', { ...ctx, item: 'item-2' }],
    ['class', { ...ctx, klass: 'B' }],
    ['round', { ...ctx, round: 2 }],
  ];
  for (const [what, otherCtx] of others) {
    it(`does not verify under another ${what}'s key`, () => {
      const other = deriveIssuerKey(master, otherCtx);
      expect(verifyToken(other.publicKey, other.keyId, ballotPk, sig)).toBe(false);
      // Nor with the token's own key id beside the other key (key id ≠ SHA-256(pk)).
      expect(verifyToken(other.publicKey, issuer.keyId, ballotPk, sig)).toBe(false);
    });
  }

  it('hides the message: the blinded point is a valid G1 point unlike H(m), fresh every time', () => {
    const h = hashToken(issuer.keyId, ballotPk).toBytes(true);
    expect(decodeG1Signature(blinded).is0()).toBe(false);
    expect(bytesToHex(blinded)).not.toBe(bytesToHex(h));
    expect(bytesToHex(blind(issuer.keyId, ballotPk).blinded)).not.toBe(bytesToHex(blinded));
    expect(blindState).toHaveLength(32);
  });

  it('rejects a still-blinded signature', () => {
    expect(verifyToken(issuer.publicKey, issuer.keyId, ballotPk, blindSig)).toBe(false);
  });

  it('finalize throws when unblinded with the wrong blind state', () => {
    const wrong = blind(issuer.keyId, ballotPk).blindState;
    expect(() => finalize(issuer.publicKey, issuer.keyId, ballotPk, wrong, blindSig)).toThrow(CryptoInputError);
  });

  it('fails verification when any one field changes', () => {
    expect(verifyToken(issuer.publicKey, flipByte(issuer.keyId, 0), ballotPk, sig)).toBe(false);
    expect(verifyToken(issuer.publicKey, issuer.keyId, flipByte(ballotPk, 31), sig)).toBe(false);
    expect(verifyToken(flipByte(issuer.publicKey, 95), issuer.keyId, ballotPk, sig)).toBe(false);
    for (const i of [0, 1, 24, 47]) {
      expect(verifyToken(issuer.publicKey, issuer.keyId, ballotPk, flipByte(sig, i))).toBe(false);
    }
  });

  it('rejects wrong lengths', () => {
    for (const bad of [sig.subarray(0, 47), new Uint8Array([...sig, 0]), new Uint8Array(0)]) {
      expect(verifyToken(issuer.publicKey, issuer.keyId, ballotPk, bad)).toBe(false);
      expect(() => blindSign(issuer.secretKey, bad)).toThrow(CryptoInputError);
      expect(() => finalize(issuer.publicKey, issuer.keyId, ballotPk, blindState, bad)).toThrow(CryptoInputError);
      expect(() => decodeG1Signature(bad)).toThrow(CryptoInputError);
    }
    // The 96-byte uncompressed form of a valid signature is refused too.
    const uncompressed = decodeG1Signature(sig).toBytes(false);
    expect(verifyToken(issuer.publicKey, issuer.keyId, ballotPk, uncompressed)).toBe(false);
    expect(verifyToken(issuer.publicKey, issuer.keyId.subarray(1), ballotPk, sig)).toBe(false);
    expect(verifyToken(issuer.publicKey, issuer.keyId, ballotPk.subarray(1), sig)).toBe(false);
    expect(verifyToken(issuer.publicKey.subarray(1), issuer.keyId, ballotPk, sig)).toBe(false);
    expect(() => blind(issuer.keyId.subarray(1), ballotPk)).toThrow(CryptoInputError);
    expect(() => blind(issuer.keyId, new Uint8Array(33))).toThrow(CryptoInputError);
    expect(() => finalize(issuer.publicKey, issuer.keyId, ballotPk, blindState.subarray(1), blindSig)).toThrow(
      CryptoInputError,
    );
    expect(() => blindSign(issuer.secretKey.subarray(1), blinded)).toThrow(CryptoInputError);
  });

  it('rejects out-of-range secret keys and blind states', () => {
    const r = bls12_381.fields.Fr.ORDER;
    const rBytes = hexToBytes(r.toString(16).padStart(64, '0'));
    for (const sk of [new Uint8Array(32), rBytes]) {
      expect(() => blindSign(sk, blinded)).toThrow(CryptoInputError);
    }
    for (const state of [new Uint8Array(32), rBytes]) {
      expect(() => finalize(issuer.publicKey, issuer.keyId, ballotPk, state, blindSig)).toThrow(CryptoInputError);
    }
  });
});

describe('identity and off-subgroup points', () => {
  const { blinded, blindState, blindSig, sig } = issue();
  const identity = g1IdentityBytes();

  it('rejects the identity point everywhere', () => {
    expect(() => decodeG1Signature(identity)).toThrow(/identity/);
    expect(verifyToken(issuer.publicKey, issuer.keyId, ballotPk, identity)).toBe(false);
    expect(() => blindSign(issuer.secretKey, identity)).toThrow(CryptoInputError);
    expect(() => finalize(issuer.publicKey, issuer.keyId, ballotPk, blindState, identity)).toThrow(CryptoInputError);
  });

  it('rejects a torsion-shifted signature S + T (T of small order, on the curve)', () => {
    const t = smallOrderG1Point();
    expect(t.isTorsionFree()).toBe(false);
    const shifted = decodeG1Signature(sig).add(t);
    // The shifted point is on the curve (only the subgroup check can catch it) ...
    expect(() => bls12_381.G1.Point.fromAffine(shifted.toAffine())).not.toThrow();
    expect(shifted.isTorsionFree()).toBe(false);
    const bytes = encodeG1Unchecked(shifted);
    // ... and the hand-made encoding really is S + T, not some other malformed string.
    expect(bytesToHex(encodeG1Unchecked(decodeG1Signature(sig)))).toBe(bytesToHex(sig));
    expect(() => decodeG1Signature(bytes)).toThrow(/subgroup/);
    expect(verifyToken(issuer.publicKey, issuer.keyId, ballotPk, bytes)).toBe(false);
  });

  it('blindSign refuses a torsion-shifted blinded point (it would leak r mod ord(T))', () => {
    const shifted = encodeG1Unchecked(decodeG1Signature(blinded).add(smallOrderG1Point()));
    expect(() => blindSign(issuer.secretKey, shifted)).toThrow(/subgroup/);
  });

  it('finalize refuses a torsion-shifted blind signature', () => {
    const shifted = encodeG1Unchecked(decodeG1Signature(blindSig).add(smallOrderG1Point()));
    expect(() => finalize(issuer.publicKey, issuer.keyId, ballotPk, blindState, shifted)).toThrow(/subgroup/);
  });
});

describe('a server signing with a key of its own', () => {
  it('is caught by finalize against the logged key', () => {
    const logged = issuer;
    const rogue = deriveIssuerKey(master, { ...ctx, meeting: 'rogue' });
    const { blinded, blindState } = blind(logged.keyId, ballotPk);
    const rogueSig = blindSign(rogue.secretKey, blinded);
    expect(() => finalize(logged.publicKey, logged.keyId, ballotPk, blindState, rogueSig)).toThrow(
      /does not verify/,
    );
    // Handing the tablet the rogue key instead fails on the key id the tablet blinded under.
    expect(() => finalize(rogue.publicKey, logged.keyId, ballotPk, blindState, rogueSig)).toThrow(CryptoInputError);
  });
});

describe('properties', () => {
  it('blind → blindSign → finalize always verifies, for random ballot keys and issuers', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 32, maxLength: 32 }),
        fc.uint8Array({ minLength: 32, maxLength: 32 }),
        fc.constantFrom<'A' | 'B'>('A', 'B'),
        fc.integer({ min: 1, max: 5 }),
        (pk, m, klass, round) => {
          const key = deriveIssuerKey(m, { ...ctx, klass, round });
          const { sig } = issue(key, pk);
          expect(verifyToken(key.publicKey, key.keyId, pk, sig)).toBe(true);
          expect(bytesToHex(sig)).toBe(bytesToHex(signTokenDirect(key.secretKey, key.keyId, pk)));
        },
      ),
      { numRuns: 6 },
    );
  });

  it('a token never verifies for a different ballot key', () => {
    const { sig } = issue();
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 32, maxLength: 32 }), (other) => {
        fc.pre(bytesToHex(other) !== bytesToHex(ballotPk));
        expect(verifyToken(issuer.publicKey, issuer.keyId, other, sig)).toBe(false);
      }),
      { numRuns: 5 },
    );
  });
});
