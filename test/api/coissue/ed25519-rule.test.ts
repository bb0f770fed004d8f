/**
 * The co-issuer's signatures (partial answers, key statements, rolls) are checked under the one
 * Ed25519 rule through `deps.ed25519` when the service is given one — node.ts gives OpenSSL's
 * (src/node-crypto/ed25519.ts), nine times cheaper than noble's on the token burst's path — and
 * an implementation that answers differently changes the service's answers (so it is used).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { ed25519 } from '@noble/curves/ed25519.js';
import { bls12_381 } from '@noble/curves/bls12-381.js';
import { verifyEd25519, type Ed25519Rule } from '../../../crypto/ed25519';
import { signPartialAnswer, verifyPartialAnswer } from '../../../crypto/coissue';
import { verifyEd25519Fast } from '../../../src/node-crypto/ed25519';
import { ballotsOf } from '../live/harness';
import { coissuedMeeting, type CoissuedLive } from './harness';

let l: CoissuedLive | undefined;
afterEach(async () => {
  await l?.stop();
  l?.t.close();
  l = undefined;
});

describe("the co-issuer's signatures on the service", () => {
  it('are checked by the rule the service was given: every partial answer, statement and roll', async () => {
    const checked: number[] = [];
    const counting: Ed25519Rule = (sig, msg, pk) => {
      checked.push(msg.length);
      return verifyEd25519Fast(sig, msg, pk);
    };
    l = await coissuedMeeting({ members: 3, observers: 0, items: [{ nominees: 1 }], ed25519: counting });
    const c = l;
    const [item] = c.m.items;
    c.start();
    const tablets = await c.tabletsFor(c.m.members, 'A');
    for (const p of c.m.members) await c.coissuer.confirm(p);
    await c.openStated();
    const statements = checked.length;
    expect(statements).toBeGreaterThan(0);
    expect((await c.post(`/api/items/${item!.id}/open`)).status).toBe(200);
    await c.voteAll(item!.id, tablets, ballotsOf(item!.nomineeIds[0]!, { approve: 3 }));
    // One check per partial answer: 3 tokens.
    expect(checked.length - statements).toBeGreaterThanOrEqual(3);
    const roll = c.next((e) => e.type === 'roll');
    const result = await c.closeAndRead(item!.id);
    expect(result.A).toMatchObject({ issued: 3, cast: 3 });
    await roll;
  });

  it('a rule that refuses everything refuses genuine statements: the meeting cannot be co-issued under it', async () => {
    l = await coissuedMeeting({ members: 3, observers: 0, items: [{ nominees: 1 }], ed25519: () => false });
    const c = l;
    c.start();
    await c.tabletsFor(c.m.members, 'A');
    for (const p of c.m.members) await c.coissuer.confirm(p);
    const refused = c.next((e) => e.type === 'offline' || e.type === 'fatal' || e.type === 'keys');
    await c.post(`/api/meetings/${c.m.meetingId}/open`);
    // The service answers the genuine statements 422 coissuer_signature_invalid ("The statement
    // for …"); under the default rule the same co-issuer gets them stored ('keys').
    expect(await refused).toMatchObject({ type: 'offline', message: expect.stringMatching(/statement/i) });
    const stored = c.t.handle.sqlite.prepare('SELECT count(*) AS n FROM coissuer_keys').get() as { n: number };
    expect(stored.n).toBe(0);
  });
});

describe('verifyPartialAnswer with an equal-answer rule', () => {
  it('answers as the default on genuine and altered answers; a different rule changes the answer', () => {
    const seed = ed25519.utils.randomSecretKey();
    const pk = ed25519.getPublicKey(seed);
    const keyId = new Uint8Array(32).fill(7);
    const blinded = bls12_381.G1.Point.BASE.multiply(5n).toBytes(true);
    const partial = bls12_381.G1.Point.BASE.multiply(11n).toBytes(true);
    const sig = signPartialAnswer(seed, keyId, blinded, partial);
    const altered = Uint8Array.from(sig);
    altered[5]! ^= 1;
    for (const s of [sig, altered]) {
      expect(verifyPartialAnswer(pk, keyId, blinded, partial, s, verifyEd25519Fast)).toBe(verifyPartialAnswer(pk, keyId, blinded, partial, s));
    }
    expect(verifyPartialAnswer(pk, keyId, blinded, partial, sig, verifyEd25519)).toBe(true);
    expect(verifyPartialAnswer(pk, keyId, blinded, partial, sig, () => false)).toBe(false);
  });
});
