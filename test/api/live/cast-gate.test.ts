/**
 * Per-source limits on casts (src/http/cast-gate.ts, issue 20): a flood of forged ballots from
 * one address takes a few pairing checks, not hundreds, and never a genuine tablet's turn; the
 * counts live in memory only and are forgotten at close.
 */
import { bls12_381 } from '@noble/curves/bls12-381.js';
import { afterEach, describe, expect, it } from 'vitest';
import { newBallotKey, verifyBallotSignature, type SignedBallot } from '../../../crypto/ballot';
import type { TokenToVerify } from '../../../crypto/batch-verify';
import { bytesToHex } from '../../../crypto/bytes';
import { TabletClient, type Token } from '../../../src/demo/tablet-client';
import { TokenBatcher } from '../../../src/domain/live/token-batcher';
import { CAST_LIMITS, CastGate, type CastLimits } from '../../../src/http/cast-gate';
import { makeTestApp, type TestApp } from '../../support/app';
import { openItem, openRoom, reply, snapshot, type Room } from '../../security/fixture';

const G1 = bls12_381.G1.Point;
let t: TestApp | undefined;
afterEach(() => {
  t?.close();
  t = undefined;
});

/** Counts the tokens that reach a pairing check. */
class CountingBatcher extends TokenBatcher {
  checked = 0;
  override check(publicKey: Uint8Array, token: TokenToVerify): Promise<boolean> {
    this.checked++;
    return super.check(publicKey, token);
  }
}

/**
 * A ballot anyone can make: a fresh ballot key signing valid choices under the logged key id of
 * an open vote, with a token signature that is a real G1 point but no token. It passes every
 * cheap check; only the pairing check refuses it.
 */
function forged(like: Token, nominee: string, n: number): SignedBallot {
  const k = newBallotKey();
  const sig = G1.BASE.multiply(BigInt(1000 + n)).toBytes(true);
  return TabletClient.ballot({ ...like, ballotPk: bytesToHex(k.publicKey), ballotSecret: k.secretKey, tokenSig: bytesToHex(sig) }, { [nominee]: 'approve' });
}

const castFrom = (r: Room, address: string, b: SignedBallot) =>
  Promise.resolve(r.t.app.request('/api/ballots', { method: 'POST', headers: { 'content-type': 'application/json', 'x-test-address': address }, body: JSON.stringify(b) })).then(reply);

async function flooded(limits: CastLimits | undefined) {
  const batcher = new CountingBatcher();
  t = makeTestApp({ castCrypto: { verifyBallotSignature, tokenBatcher: batcher }, ...(limits ? { castLimits: limits } : {}) });
  const r = await openRoom({ t, members: 10, observers: 0, items: [{ nominees: 1 }, { nominees: 1 }] });
  return { r, batcher };
}

describe('casts under a flood of forged ballots from one address', () => {
  it('checks a handful of the flood’s tokens, refuses the rest with 429 before any check, and accepts every genuine cast', async () => {
    const { r, batcher } = await flooded(CAST_LIMITS);
    const item = r.m.items[0]!;
    const nominee = item.nomineeIds[0]!;
    await openItem(r, item.id);
    const tokens: Token[] = [];
    for (const m of r.members) tokens.push(await m.requestToken(item.id));
    const floodBallots = Array.from({ length: 120 }, (_, i) => forged(tokens[0]!, nominee, i));
    const genuine = tokens.map((tk) => TabletClient.ballot(tk, { [nominee]: 'approve' }));
    const before = batcher.checked;
    const results = await Promise.all([
      ...floodBallots.map((b) => castFrom(r, '198.51.100.66', b)),
      ...genuine.map((b, i) => castFrom(r, `192.0.2.${10 + i}`, b)),
    ]);
    const floodResults = results.slice(0, floodBallots.length);
    expect(results.slice(floodBallots.length).map((x) => x.status)).toEqual(genuine.map(() => 201));
    expect(floodResults.every((x) => x.status === 400 || x.status === 429)).toBe(true);
    const refusedLate = floodResults.filter((x) => x.status === 429);
    expect(refusedLate.length).toBeGreaterThanOrEqual(floodBallots.length - CAST_LIMITS.inFlight - CAST_LIMITS.refusals);
    for (const x of refusedLate) {
      expect(x.body.code).toBe('rate_limited');
      expect(Number(x.headers.get('retry-after'))).toBe(x.body.retryAfter);
    }
    // Only the first few of the flood reached a pairing check: the ones let in before three were refused.
    const floodChecked = batcher.checked - before - genuine.length;
    expect(floodChecked).toBeLessThanOrEqual(CAST_LIMITS.inFlight + CAST_LIMITS.refusals);
    expect((await r.call('GET', `/api/items/${item.id}/progress`)).body.cast).toBe(genuine.length);
    // Never written: no table holds the address.
    expect(snapshot(r.t.handle.sqlite, [])).not.toContain('198.51.100.66');
    expect(JSON.stringify(r.t.handle.sqlite.prepare('SELECT * FROM throttles').all())).not.toContain('198.51.100.66');
  });

  it('without the limits (as on a Worker), every forged token is checked: the finding of issue 20', async () => {
    const { r, batcher } = await flooded(undefined);
    const item = r.m.items[0]!;
    await openItem(r, item.id);
    const tk = await r.members[0]!.requestToken(item.id);
    const floodBallots = Array.from({ length: 20 }, (_, i) => forged(tk, item.nomineeIds[0]!, i));
    const results = await Promise.all(floodBallots.map((b) => castFrom(r, '198.51.100.66', b)));
    expect(results.map((x) => x.status)).toEqual(floodBallots.map(() => 400));
    expect(batcher.checked).toBe(floodBallots.length);
  });

  it('forgets the refusals when the vote closes: the address casts in the next vote', async () => {
    const { r } = await flooded(CAST_LIMITS);
    const [first, second] = r.m.items as [(typeof r.m.items)[0], (typeof r.m.items)[0]];
    await openItem(r, first.id);
    const tk = await r.members[0]!.requestToken(first.id);
    for (let i = 0; i < CAST_LIMITS.refusals; i++) expect((await castFrom(r, '198.51.100.66', forged(tk, first.nomineeIds[0]!, i))).status).toBe(400);
    // Barred now, even for the genuine ballot of a tablet behind that address.
    const barred = await castFrom(r, '198.51.100.66', TabletClient.ballot(tk, { [first.nomineeIds[0]!]: 'approve' }));
    expect(barred.status).toBe(429);
    expect(barred.body).toMatchObject({ code: 'rate_limited', retryAfter: 60 });
    // Refused before its body is read: not even a body that is not JSON gets a 415.
    const unread = await r.t.app.request('/api/ballots', { method: 'POST', headers: { 'content-type': 'text/plain', 'x-test-address': '198.51.100.66' }, body: 'not a ballot' });
    expect(unread.status).toBe(429);
    expect((await castFrom(r, '192.0.2.1', TabletClient.ballot(tk, { [first.nomineeIds[0]!]: 'approve' }))).status).toBe(201);
    expect((await r.call('POST', `/api/items/${first.id}/close`, { as: r.presiding })).status).toBe(200);
    await r.call('POST', `/api/items/${first.id}/announce`, { as: r.presiding });
    await openItem(r, second.id);
    const tk2 = await r.members[0]!.requestToken(second.id);
    expect((await castFrom(r, '198.51.100.66', TabletClient.ballot(tk2, { [second.nomineeIds[0]!]: 'approve' }))).status).toBe(201);
  });
});

describe('CastGate', () => {
  const limits: CastLimits = { ...CAST_LIMITS, inFlight: 2, queue: 2, refusals: 2, forgetMs: 1000, maxAddresses: 3 };

  it('lets in inFlight casts of an address at a time, queues the next in order, refuses beyond the queue', async () => {
    const gate = new CastGate(() => 0, limits);
    const a = await gate.enter('a');
    const b = await gate.enter('a');
    const order: string[] = [];
    const c = gate.enter('a').then((leave) => (order.push('c'), leave));
    const d = gate.enter('a').then((leave) => (order.push('d'), leave));
    await expect(gate.enter('a')).rejects.toMatchObject({ code: 'rate_limited', extensions: { retryAfter: 1 } });
    // Another address is never held behind this one.
    (await gate.enter('b'))();
    expect(order).toEqual([]);
    a();
    a(); // leaving twice frees one turn only
    expect(await c).toBeTypeOf('function');
    expect(order).toEqual(['c']);
    b();
    (await d)();
    (await c)();
    expect(gate.size()).toEqual({ sources: 0, refusals: 0 });
  });

  it('bars an address after `refusals` invalid ballots, waiting casts included, until forget() or forgetMs', async () => {
    let now = 0;
    const gate = new CastGate(() => now, limits);
    const first = await gate.enter('a');
    const second = await gate.enter('a');
    const queued = gate.enter('a');
    gate.refused('a');
    gate.refused('a');
    first();
    await expect(queued).rejects.toMatchObject({ code: 'rate_limited', extensions: { retryAfter: 60 } });
    second();
    await expect(gate.enter('a')).rejects.toMatchObject({ code: 'rate_limited' });
    (await gate.enter('b'))();
    gate.forget();
    (await gate.enter('a'))();
    gate.refused('a');
    gate.refused('a');
    await expect(gate.enter('a')).rejects.toMatchObject({ code: 'rate_limited' });
    now = 1001;
    (await gate.enter('a'))();
    expect(gate.size()).toEqual({ sources: 0, refusals: 0 });
  });

  it('remembers refusals of at most maxAddresses addresses, dropping the oldest', () => {
    const gate = new CastGate(() => 0, limits);
    for (const address of ['a', 'b', 'c', 'd']) gate.refused(address);
    expect(gate.size().refusals).toBe(3);
  });
});
