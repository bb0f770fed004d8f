/** The batcher alone (src/domain/live/token-batcher.ts), with real tokens and a recording verifier. */
import { bls12_381 } from '@noble/curves/bls12-381.js';
import { describe, expect, it } from 'vitest';
import { verifyTokenBatch, type TokenToVerify } from '../../../crypto/batch-verify';
import { newBallotKey } from '../../../crypto/ballot';
import { bytesToHex } from '../../../crypto/bytes';
import { deriveIssuerKey, type IssuerKey } from '../../../crypto/issuer-key';
import { signTokenDirect } from '../../../crypto/token';
import { TokenBatcher, verifyTokens, type VerifyBatch } from '../../../src/domain/live/token-batcher';

const G1 = bls12_381.G1.Point;
const master = new Uint8Array(32).fill(3);
const keyA = deriveIssuerKey(master, { meeting: 'mtg', item: 'itm_a', round: 1, klass: 'A' });
const keyB = deriveIssuerKey(master, { meeting: 'mtg', item: 'itm_b', round: 1, klass: 'A' });

function token(key: IssuerKey): TokenToVerify {
  const ballotPk = newBallotKey().publicKey;
  return { keyId: key.keyId, ballotPk, signature: signTokenDirect(key.secretKey, key.keyId, ballotPk) };
}

function recording(): { verify: VerifyBatch; calls: Array<{ publicKey: string; size: number }> } {
  const calls: Array<{ publicKey: string; size: number }> = [];
  return {
    calls,
    verify: (publicKey, tokens) => {
      calls.push({ publicKey: bytesToHex(publicKey), size: tokens.length });
      return verifyTokens(publicKey, tokens);
    },
  };
}

describe('TokenBatcher', () => {
  it('checks tokens sent together under one key with one batch test and answers each by its index', async () => {
    const { verify, calls } = recording();
    const batcher = new TokenBatcher({ verify });
    const good = Array.from({ length: 5 }, () => token(keyA));
    const forged = { ...token(keyA), signature: good[0]!.signature };
    const verdicts = await Promise.all([...good.slice(0, 3), forged, ...good.slice(3)].map((t) => batcher.check(keyA.publicKey, t)));
    expect(verdicts).toEqual([true, true, true, false, true, true]);
    expect(calls).toEqual([{ publicKey: bytesToHex(keyA.publicKey), size: 6 }]);
  });

  it('refuses both of two bad signatures that cancel in the plain sum', async () => {
    const batcher = new TokenBatcher();
    const [a, b, c] = [token(keyA), token(keyA), token(keyA)];
    const d = G1.BASE.multiply(98765n);
    const sa = G1.fromBytes(a.signature).add(d);
    const sb = G1.fromBytes(b.signature).subtract(d);
    // Sanity: the plain aggregate of the forged pair equals the genuine one.
    expect(sa.add(sb).equals(G1.fromBytes(a.signature).add(G1.fromBytes(b.signature)))).toBe(true);
    const verdicts = await Promise.all([
      batcher.check(keyA.publicKey, { ...a, signature: sa.toBytes(true) }),
      batcher.check(keyA.publicKey, c),
      batcher.check(keyA.publicKey, { ...b, signature: sb.toBytes(true) }),
    ]);
    expect(verdicts).toEqual([false, true, false]);
  });

  it('keeps keys apart: one batch per issuer key, and a token under the other key fails', async () => {
    const { verify, calls } = recording();
    const batcher = new TokenBatcher({ verify });
    const ta = [token(keyA), token(keyA)];
    const tb = [token(keyB), token(keyB), token(keyB)];
    const verdicts = await Promise.all([
      batcher.check(keyA.publicKey, ta[0]!),
      batcher.check(keyB.publicKey, tb[0]!),
      batcher.check(keyA.publicKey, ta[1]!),
      batcher.check(keyB.publicKey, tb[1]!),
      // A token of key B presented under key A.
      batcher.check(keyA.publicKey, tb[2]!),
    ]);
    expect(verdicts).toEqual([true, true, true, true, false]);
    expect(calls).toEqual([
      { publicKey: bytesToHex(keyA.publicKey), size: 3 },
      { publicKey: bytesToHex(keyB.publicKey), size: 2 },
    ]);
  });

  it('splits a burst into batches of at most maxBatch, and starts a fresh batch after a flush', async () => {
    const { verify, calls } = recording();
    const batcher = new TokenBatcher({ maxBatch: 3, verify });
    const tokens = Array.from({ length: 7 }, () => token(keyA));
    expect(await Promise.all(tokens.map((t) => batcher.check(keyA.publicKey, t)))).toEqual(tokens.map(() => true));
    expect(calls.map((c) => c.size)).toEqual([3, 3, 1]);
    expect(await batcher.check(keyA.publicKey, tokens[0]!)).toBe(true);
    expect(calls.map((c) => c.size)).toEqual([3, 3, 1, 1]);
  });

  it('checks one token alone exactly as verifyToken does, and agrees with verifyTokenBatch', () => {
    const t = token(keyA);
    const bad = { ...t, signature: token(keyA).signature };
    expect(verifyTokens(keyA.publicKey, [t])).toEqual({ ok: true, bad: [] });
    expect(verifyTokens(keyA.publicKey, [bad])).toEqual({ ok: false, bad: [0] });
    expect(verifyTokens(keyA.publicKey, [t, bad])).toEqual(verifyTokenBatch(keyA.publicKey, [t, bad]));
  });

  it('rejects the waiters of a batch that could not be checked, and only those', async () => {
    const batcher = new TokenBatcher({
      verify: (publicKey, tokens) => {
        if (bytesToHex(publicKey) === bytesToHex(keyB.publicKey)) throw new Error('verifier failed');
        return verifyTokens(publicKey, tokens);
      },
    });
    const outcomes = await Promise.allSettled([batcher.check(keyA.publicKey, token(keyA)), batcher.check(keyB.publicKey, token(keyB))]);
    expect(outcomes[0]).toEqual({ status: 'fulfilled', value: true });
    expect(outcomes[1]).toMatchObject({ status: 'rejected', reason: { message: 'verifier failed' } });
  });

  it('refuses a batch size below 1', () => {
    expect(() => new TokenBatcher({ maxBatch: 0 })).toThrow(RangeError);
    expect(() => new TokenBatcher({ maxBatch: 1.5 })).toThrow(RangeError);
  });

  it('with an asynchronous verifier, holds the next batch of a key until the one in flight answers', async () => {
    const calls: number[] = [];
    const answers: Array<() => void> = [];
    // A verifier on another thread, answered by hand.
    const verify: VerifyBatch = (publicKey, tokens) => {
      calls.push(tokens.length);
      const verdict = verifyTokens(publicKey, tokens);
      return new Promise((resolve) => answers.push(() => resolve(verdict)));
    };
    const batcher = new TokenBatcher({ verify });
    const first = batcher.check(keyA.publicKey, token(keyA));
    await new Promise((r) => setTimeout(r, 5));
    expect(calls).toEqual([1]);
    // Casts arriving one by one while the first is in flight: one held batch, not five.
    const later: Array<Promise<boolean>> = [];
    for (let i = 0; i < 5; i++) {
      later.push(batcher.check(keyA.publicKey, token(keyA)));
      await new Promise((r) => setTimeout(r, 3));
    }
    const forged = { ...token(keyA), signature: token(keyA).signature };
    later.push(batcher.check(keyA.publicKey, forged));
    // Another key is never held behind keyA's batch.
    const other = batcher.check(keyB.publicKey, token(keyB));
    await new Promise((r) => setTimeout(r, 5));
    expect(calls).toEqual([1, 1]);
    answers.shift()!();
    expect(await first).toBe(true);
    await new Promise((r) => setTimeout(r, 5));
    expect(calls).toEqual([1, 1, 6]);
    answers.shift()!();
    answers.shift()!();
    expect(await other).toBe(true);
    expect(await Promise.all(later)).toEqual([true, true, true, true, true, false]);
  });
});
