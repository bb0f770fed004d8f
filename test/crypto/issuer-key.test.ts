import { bls12_381 } from '@noble/curves/bls12-381.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { describe, expect, it } from 'vitest';
import { bytesToHex, CryptoInputError, hexToBytes } from '../../crypto/bytes';
import {
  blsKeyGen,
  bytesToBigInt,
  decodeIssuerPublicKey,
  deriveIssuerKey,
  issuerKeyId,
  issuerKeyInfo,
  type IssuerContext,
} from '../../crypto/issuer-key';

const master = hexToBytes('000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f');
const ctx: IssuerContext = { meeting: 'meeting-2024-07', item: 'item-3', round: 1, klass: 'A' };

describe('blsKeyGen (draft-irtf-cfrg-bls-signature-05 §2.3)', () => {
  it('matches EIP-2333 test case 0 (derive_master_SK = HKDF_mod_r = KeyGen with empty key_info)', () => {
    const seed = hexToBytes(
      'c55257c360c07c72029aebc1b53c05ed0362ada38ead3e3e9efa3708e5349553' +
        '1f09a6987599d18264c1e1c92f2cf141630c7a3c4ab7c81b2f001698e7463b04',
    );
    expect(blsKeyGen(seed)).toBe(
      6083874454709270928345386274498605044986640685124978867557563392430687146096n,
    );
  });

  it('binds key_info and refuses IKM shorter than 32 bytes', () => {
    const ikm = new Uint8Array(32).fill(9);
    expect(blsKeyGen(ikm, new Uint8Array([1]))).not.toBe(blsKeyGen(ikm));
    expect(() => blsKeyGen(new Uint8Array(31))).toThrow(CryptoInputError);
  });
});

describe('deriveIssuerKey', () => {
  it('is deterministic', () => {
    const a = deriveIssuerKey(master, ctx);
    const b = deriveIssuerKey(master, { ...ctx });
    expect(bytesToHex(a.secretKey)).toBe(bytesToHex(b.secretKey));
    expect(bytesToHex(a.publicKey)).toBe(bytesToHex(b.publicKey));
    expect(bytesToHex(a.keyId)).toBe(bytesToHex(b.keyId));
  });

  it('gives pk = sk·G2 (96 bytes compressed), a 32-byte secret below r, and keyId = SHA-256(pk)', () => {
    const k = deriveIssuerKey(master, ctx);
    expect(k.secretKey).toHaveLength(32);
    expect(k.publicKey).toHaveLength(96);
    const sk = bytesToBigInt(k.secretKey);
    expect(sk > 0n && sk < bls12_381.fields.Fr.ORDER).toBe(true);
    expect(decodeIssuerPublicKey(k.publicKey).equals(bls12_381.G2.Point.BASE.multiply(sk))).toBe(true);
    expect(bytesToHex(k.keyId)).toBe(bytesToHex(sha256(k.publicKey)));
    expect(bytesToHex(issuerKeyId(k.publicKey))).toBe(bytesToHex(k.keyId));
  });

  const variants: Array<[string, Uint8Array, IssuerContext]> = [
    ['meeting', master, { ...ctx, meeting: 'meeting-2024-08' }],
    ['item', master, { ...ctx, item: 'item-4' }],
    ['round', master, { ...ctx, round: 2 }],
    ['class', master, { ...ctx, klass: 'B' }],
    ['master', Uint8Array.from(master, (b, i) => (i === 31 ? b ^ 1 : b)), ctx],
  ];
  for (const [field, m, c] of variants) {
    it(`changes when the ${field} changes`, () => {
      const base = deriveIssuerKey(master, ctx);
      const other = deriveIssuerKey(m, c);
      expect(bytesToHex(other.secretKey)).not.toBe(bytesToHex(base.secretKey));
      expect(bytesToHex(other.publicKey)).not.toBe(bytesToHex(base.publicKey));
      expect(bytesToHex(other.keyId)).not.toBe(bytesToHex(base.keyId));
    });
  }

  it('length-prefixes ids so shifting characters between meeting and item changes the key', () => {
    const a = issuerKeyInfo({ ...ctx, meeting: 'ab', item: 'c' });
    const b = issuerKeyInfo({ ...ctx, meeting: 'a', item: 'bc' });
    expect(bytesToHex(a)).not.toBe(bytesToHex(b));
    expect(bytesToHex(deriveIssuerKey(master, { ...ctx, meeting: 'ab', item: 'c' }).keyId)).not.toBe(
      bytesToHex(deriveIssuerKey(master, { ...ctx, meeting: 'a', item: 'bc' }).keyId),
    );
  });

  it('encodes info as lp(meeting) || lp(item) || u32be(round) || class', () => {
    const info = issuerKeyInfo({ meeting: 'm', item: '议题', round: 258, klass: 'B' });
    expect(bytesToHex(info)).toBe('00000001' + '6d' + '00000006' + 'e8aeaee9a298' + '00000102' + '42');
  });

  it('throws on a master secret that is not exactly 32 bytes', () => {
    for (const len of [0, 16, 31, 33, 64]) {
      expect(() => deriveIssuerKey(new Uint8Array(len), ctx)).toThrow(CryptoInputError);
    }
    expect(() => deriveIssuerKey('00'.repeat(32) as unknown as Uint8Array, ctx)).toThrow(TypeError);
  });

  it('throws on a bad round, an empty id or an unknown class', () => {
    for (const round of [0, -1, 1.5, Number.NaN, 2 ** 32, Number.MAX_SAFE_INTEGER + 1]) {
      expect(() => deriveIssuerKey(master, { ...ctx, round })).toThrow(RangeError);
    }
    expect(() => deriveIssuerKey(master, { ...ctx, meeting: '' })).toThrow(CryptoInputError);
    expect(() => deriveIssuerKey(master, { ...ctx, item: '' })).toThrow(CryptoInputError);
    expect(() => deriveIssuerKey(master, { ...ctx, klass: 'C' as 'A' })).toThrow(CryptoInputError);
    expect(() => deriveIssuerKey(master, { ...ctx, item: '\ud800' })).toThrow(CryptoInputError);
  });
});

describe('decodeIssuerPublicKey', () => {
  const pk = deriveIssuerKey(master, ctx).publicKey;

  it('round-trips a derived key', () => {
    expect(bytesToHex(decodeIssuerPublicKey(pk).toBytes(true))).toBe(bytesToHex(pk));
  });

  it('rejects the identity, wrong lengths, the uncompressed form and off-curve bytes', () => {
    const identity = new Uint8Array(96);
    identity[0] = 0xc0;
    expect(() => decodeIssuerPublicKey(identity)).toThrow(CryptoInputError);
    expect(() => decodeIssuerPublicKey(pk.subarray(0, 95))).toThrow(CryptoInputError);
    expect(() => decodeIssuerPublicKey(decodeIssuerPublicKey(pk).toBytes(false))).toThrow(CryptoInputError);
    const flipped = pk.slice();
    flipped[95]! ^= 1;
    // Either off the curve or (rarely) a different valid point: it must not decode to pk.
    let same = false;
    try {
      same = decodeIssuerPublicKey(flipped).equals(decodeIssuerPublicKey(pk));
    } catch (e) {
      expect(e).toBeInstanceOf(CryptoInputError);
    }
    expect(same).toBe(false);
  });

  it('rejects a G2 point on the curve but outside the r-order subgroup', () => {
    const Fp2 = bls12_381.fields.Fp2;
    const G2 = bls12_381.G2.Point;
    const b = G2.CURVE().b;
    // Walk x = (i, 1) until x³ + b is a square: that point lies on E'(Fp2) but, with overwhelming
    // probability, has a component of the (huge) cofactor's order because no cofactor is cleared.
    for (let i = 1n; ; i++) {
      const x = Fp2.create({ c0: i, c1: 1n });
      let y;
      try {
        y = Fp2.sqrt(Fp2.add(Fp2.pow(x, 3n), b));
      } catch {
        continue;
      }
      if (!y) continue;
      const p = new G2(x, y, Fp2.ONE);
      if (p.isTorsionFree()) continue;
      const bytes = encodeG2Unchecked(x, y);
      // Same x with the subgroup check as the only thing failing: noble itself decodes it.
      expect(G2.fromAffine({ x, y }).isTorsionFree()).toBe(false);
      expect(() => decodeIssuerPublicKey(bytes)).toThrow(/subgroup/);
      expect(() => decodeIssuerPublicKey(bytes)).toThrow(CryptoInputError);
      return;
    }
  });
});

/** Compressed G2 encoding (ZCash format) without noble's validity check, to build bad keys. */
function encodeG2Unchecked(x: { c0: bigint; c1: bigint }, y: { c0: bigint; c1: bigint }): Uint8Array {
  const p = bls12_381.fields.Fp.ORDER;
  const half = (p - 1n) / 2n;
  const out = hexToBytes(x.c1.toString(16).padStart(96, '0') + x.c0.toString(16).padStart(96, '0'));
  // Sort bit: y is "larger" when y.c1 > (p−1)/2, or y.c1 = 0 and y.c0 > (p−1)/2.
  const larger = y.c1 === 0n ? y.c0 > half : y.c1 > half;
  out[0]! |= 0x80 | (larger ? 0x20 : 0);
  return out;
}
