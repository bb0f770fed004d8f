import { bls12_381 } from '@noble/curves/bls12-381.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CryptoInputError, hexToBytes, u32be, concatBytes } from '../../crypto/bytes';
import { verifyTokenBatch, type TokenToVerify } from '../../crypto/batch-verify';
import { deriveIssuerKey } from '../../crypto/issuer-key';
import { decodeG1Signature, hashToken, pairingCheck, signTokenDirect, verifyToken } from '../../crypto/token';
import { encodeG1Unchecked, g1IdentityBytes, smallOrderG1Point } from './token-fixtures';

const master = hexToBytes('ba7cba7cba7cba7cba7cba7cba7cba7cba7cba7cba7cba7cba7cba7cba7cba7c');
const issuer = deriveIssuerKey(master, { meeting: 'm-7', item: 'item-2', round: 1, klass: 'A' });
const other = deriveIssuerKey(master, { meeting: 'm-7', item: 'item-2', round: 1, klass: 'B' });

function ballotPk(i: number): Uint8Array {
  return concatBytes(new Uint8Array(28).fill(0xb0), u32be(i));
}

// Signed directly (sk·H(m)) rather than through the blind flow: same signatures, less work.
const POOL: TokenToVerify[] = Array.from({ length: 100 }, (_, i) => ({
  keyId: issuer.keyId,
  ballotPk: ballotPk(i),
  signature: signTokenDirect(issuer.secretKey, issuer.keyId, ballotPk(i)),
}));

/** Every way a token can be bad, cycled through so each batch mixes them. */
const CORRUPTIONS: Array<(t: TokenToVerify, i: number) => TokenToVerify> = [
  // A valid signature, but on a different ballot key.
  (t, i) => ({ ...t, signature: signTokenDirect(issuer.secretKey, issuer.keyId, ballotPk(1000 + i)) }),
  // Signed by another issuer's key.
  (t) => ({ ...t, signature: signTokenDirect(other.secretKey, issuer.keyId, t.ballotPk) }),
  // Torsion-shifted: on the curve, off the subgroup.
  (t) => ({ ...t, signature: encodeG1Unchecked(decodeG1Signature(t.signature).add(smallOrderG1Point())) }),
  // Bit flip (usually off the curve).
  (t) => ({ ...t, signature: Uint8Array.from(t.signature, (b, j) => (j === 20 ? b ^ 4 : b)) }),
  // Identity.
  (t) => ({ ...t, signature: g1IdentityBytes() }),
  // Wrong key id for this public key.
  (t) => ({ ...t, keyId: other.keyId }),
  // Truncated signature; malformed ballot key.
  (t) => ({ ...t, signature: t.signature.subarray(0, 47) }),
  (t) => ({ ...t, ballotPk: new Uint8Array(31) }),
];

function batchWithBad(n: number, badIdx: number[]): TokenToVerify[] {
  const tokens = POOL.slice(0, n);
  badIdx.forEach((i, k) => {
    tokens[i] = CORRUPTIONS[k % CORRUPTIONS.length]!(tokens[i]!, i);
  });
  return tokens;
}

describe('verifyTokenBatch', () => {
  it('every pool token verifies on its own', () => {
    for (const t of POOL.slice(0, 5)) expect(verifyToken(issuer.publicKey, t.keyId, t.ballotPk, t.signature)).toBe(true);
  });

  it('accepts an empty batch', () => {
    expect(verifyTokenBatch(issuer.publicKey, [])).toEqual({ ok: true, bad: [] });
  });

  const cases: Array<[number, number[]]> = [
    [1, []],
    [1, [0]],
    [10, []],
    [10, [6]],
    [10, [0, 3, 4, 9]],
    [10, Array.from({ length: 10 }, (_, i) => i)],
    [100, []],
    [100, [57]],
    [100, [0, 1, 13, 42, 43, 64, 98, 99]],
    [100, Array.from({ length: 100 }, (_, i) => i)],
  ];
  for (const [n, badIdx] of cases) {
    const label = badIdx.length === n && n > 1 ? 'all' : `${badIdx.length}`;
    it(`names exactly the bad indices among ${n} tokens (${label} bad)`, () => {
      const result = verifyTokenBatch(issuer.publicKey, batchWithBad(n, badIdx));
      expect(result.bad).toEqual(badIdx);
      expect(result.ok).toBe(badIdx.length === 0);
    });
  }

  it('names both tokens of a pair that cancels in the plain aggregate (S₁+δ, S₂−δ)', () => {
    const tokens = POOL.slice(0, 10);
    const delta = bls12_381.G1.Point.BASE.multiply(0x5eed_5eed_5eed_5eedn);
    const s1 = decodeG1Signature(tokens[2]!.signature).add(delta);
    const s2 = decodeG1Signature(tokens[7]!.signature).subtract(delta);
    tokens[2] = { ...tokens[2]!, signature: s1.toBytes(true) };
    tokens[7] = { ...tokens[7]!, signature: s2.toBytes(true) };

    // The aggregate check e(ΣSᵢ, G2) == e(ΣH(mᵢ), pk) is fooled — as is noble's verifyBatch ...
    const sigs = tokens.map((t) => decodeG1Signature(t.signature));
    const hashes = tokens.map((t) => hashToken(t.keyId, t.ballotPk));
    const sum = (ps: typeof sigs) => ps.reduce((a, b) => a.add(b));
    const pk = bls12_381.G2.Point.fromBytes(issuer.publicKey);
    expect(pairingCheck(sum(sigs), sum(hashes), pk)).toBe(true);
    const short = bls12_381.shortSignatures;
    const items = hashes.map((message) => ({ message, publicKey: issuer.publicKey }));
    expect(short.verifyBatch(short.aggregateSignatures(sigs), items)).toBe(true);

    // ... while the random-coefficient batch names both.
    expect(verifyTokenBatch(issuer.publicKey, tokens)).toEqual({ ok: false, bad: [2, 7] });
  });

  it('relies on the coefficients being distinct: with all rᵢ equal the cancelling pair slips through', () => {
    // Documents why rand must be random: a constant source gives every token the same rᵢ.
    const tokens = POOL.slice(0, 4);
    const delta = bls12_381.G1.Point.BASE.multiply(77n);
    tokens[0] = { ...tokens[0]!, signature: decodeG1Signature(tokens[0]!.signature).add(delta).toBytes(true) };
    tokens[1] = { ...tokens[1]!, signature: decodeG1Signature(tokens[1]!.signature).subtract(delta).toBytes(true) };
    const constant = (n: number) => new Uint8Array(n).fill(1);
    expect(verifyTokenBatch(issuer.publicKey, tokens, constant).bad).toEqual([]);
    expect(verifyTokenBatch(issuer.publicKey, tokens).bad).toEqual([0, 1]);
  });

  it('throws on a malformed issuer public key rather than judging the tokens', () => {
    const identity = new Uint8Array(96);
    identity[0] = 0xc0;
    expect(() => verifyTokenBatch(identity, POOL.slice(0, 1))).toThrow(CryptoInputError);
    expect(() => verifyTokenBatch(issuer.publicKey.subarray(1), POOL.slice(0, 1))).toThrow(CryptoInputError);
  });

  it('judges every token under the one given key: a batch of another issuer is all bad', () => {
    expect(verifyTokenBatch(other.publicKey, POOL.slice(0, 3))).toEqual({ ok: false, bad: [0, 1, 2] });
  });

  it('agrees with one-by-one verification on random bad subsets', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 0, max: 11 }), { maxLength: 12 }), (picked) => {
        const badIdx = [...picked].sort((a, b) => a - b);
        const tokens = batchWithBad(12, badIdx);
        const single = tokens.flatMap((t, i) =>
          verifyToken(issuer.publicKey, t.keyId, t.ballotPk, t.signature) ? [] : [i],
        );
        expect(single).toEqual(badIdx);
        expect(verifyTokenBatch(issuer.publicKey, tokens).bad).toEqual(badIdx);
      }),
      { numRuns: 5 },
    );
  });
});
