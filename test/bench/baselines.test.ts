/**
 * The benchmark's baselines must compute the same verdicts as sealvote's crypto, or the ratios
 * in BENCHMARKS.md compare different things: mcl-wasm (configured with our DST) against noble,
 * on valid tokens and on tokens that must fail.
 */
import { randomBytes } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { bytesToHex } from '../../crypto/bytes';
import { verifyTokenBatch } from '../../crypto/batch-verify';
import { deriveIssuerKey } from '../../crypto/issuer-key';
import { hashToG1, signTokenDirect, tokenMessage, verifyToken } from '../../crypto/token';
import { checkAgreement, initMcl, mclPublicKey, mclVerifyBatch, mclVerifyOne } from '../../bench/lib/mcl';
import { quantile } from '../../bench/lib/stats';
import * as mcl from 'mcl-wasm';

const key = deriveIssuerKey(randomBytes(32), { meeting: 'mtg_b', item: 'itm_b', round: 1, klass: 'A' });
const other = deriveIssuerKey(randomBytes(32), { meeting: 'mtg_b', item: 'itm_b', round: 2, klass: 'A' });
const tokens = Array.from({ length: 6 }, () => {
  const ballotPk = randomBytes(32);
  return { keyId: key.keyId, ballotPk, signature: signTokenDirect(key.secretKey, key.keyId, ballotPk) };
});

describe('mcl-wasm baseline', () => {
  beforeAll(async () => {
    await initMcl();
  });

  it('hashes to G1 exactly as noble does with our DST', () => {
    expect(() => checkAgreement()).not.toThrow();
    const msg = tokenMessage(key.keyId, tokens[0]!.ballotPk);
    expect(bytesToHex(mcl.hashAndMapToG1(msg).serialize())).toBe(bytesToHex(hashToG1(msg).toBytes(true)));
  });

  it('accepts the tokens noble accepts, one by one and batched', () => {
    const pk = mclPublicKey(key.publicKey);
    for (const t of tokens) {
      expect(verifyToken(key.publicKey, t.keyId, t.ballotPk, t.signature)).toBe(true);
      expect(mclVerifyOne(pk, t)).toBe(true);
    }
    expect(verifyTokenBatch(key.publicKey, tokens).ok).toBe(true);
    expect(mclVerifyBatch(pk, tokens)).toBe(true);
  });

  it('rejects what noble rejects: a token for another ballot key, another issuer key, garbage', () => {
    const pk = mclPublicKey(key.publicKey);
    const swapped = { ...tokens[0]!, signature: tokens[1]!.signature };
    const foreign = { ...tokens[2]!, signature: signTokenDirect(other.secretKey, key.keyId, tokens[2]!.ballotPk) };
    const garbage = { ...tokens[3]!, signature: new Uint8Array(48).fill(0xff) };
    for (const bad of [swapped, foreign, garbage]) {
      expect(verifyToken(key.publicKey, bad.keyId, bad.ballotPk, bad.signature)).toBe(false);
      expect(mclVerifyOne(pk, bad)).toBe(false);
      const batch = [...tokens.slice(4), bad];
      expect(verifyTokenBatch(key.publicKey, batch).ok).toBe(false);
      expect(mclVerifyBatch(pk, batch)).toBe(false);
    }
  });
});

describe('bench statistics', () => {
  it('takes nearest-rank quantiles', () => {
    const xs = [5, 1, 4, 2, 3];
    expect(quantile(xs, 0.5)).toBe(3);
    expect(quantile(xs, 0.99)).toBe(5);
    expect(quantile(xs, 0)).toBe(1);
    expect(quantile(Array.from({ length: 100 }, (_, i) => i + 1), 0.99)).toBe(99);
    expect(Number.isNaN(quantile([], 0.5))).toBe(true);
  });
});
