/**
 * The Node server's cast checks (src/node-crypto/cast.ts: OpenSSL Ed25519, mcl-wasm token
 * batches with noble deciding every batch mcl does not accept) refuse exactly what the noble
 * defaults refuse: forged tokens of every kind in a concurrent burst, a cancelling pair, a bad
 * ballot signature — and count every genuine ballot.
 */
import { bls12_381 } from '@noble/curves/bls12-381.js';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { TokenToVerify } from '../../../crypto/batch-verify';
import { ballotReceipt, newBallotKey, signBallot, type SignedBallot } from '../../../crypto/ballot';
import { bytesToHex, hexToBytes } from '../../../crypto/bytes';
import { deriveIssuerKey } from '../../../crypto/issuer-key';
import { hashToG1, signTokenDirect } from '../../../crypto/token';
import { TabletClient, type Token } from '../../../src/demo/tablet-client';
import { bisectingVerifier, nodeCastCrypto } from '../../../src/node-crypto/cast';
import { makeTestApp, type TestApp } from '../../support/app';
import { openItem, openRoom, reply, type Room } from '../../security/fixture';

/** The ballot keys noble checked: with mcl-wasm, only single tokens mcl did not accept. */
const nobleChecked = vi.hoisted(() => [] as string[]);
vi.mock('../../../crypto/token', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../../crypto/token')>();
  return {
    ...real,
    verifyToken: (publicKey: Uint8Array, keyId: Uint8Array, ballotPk: Uint8Array, signature: Uint8Array) => {
      nobleChecked.push(Buffer.from(ballotPk).toString('hex'));
      return real.verifyToken(publicKey, keyId, ballotPk, signature);
    },
  };
});
vi.mock('../../../crypto/batch-verify', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../../crypto/batch-verify')>();
  return {
    ...real,
    verifyTokenBatch: (publicKey: Uint8Array, tokens: TokenToVerify[], rand?: (n: number) => Uint8Array) => {
      for (const t of tokens) nobleChecked.push(Buffer.from(t.ballotPk).toString('hex'));
      return real.verifyTokenBatch(publicKey, tokens, rand);
    },
  };
});

const G1 = bls12_381.G1.Point;
let t: TestApp | undefined;
let closeCrypto: (() => Promise<void>) | undefined;
afterEach(async () => {
  await closeCrypto?.();
  closeCrypto = undefined;
  t?.close();
  t = undefined;
  nobleChecked.length = 0;
});

const castVia = (r: Room, b: SignedBallot) =>
  Promise.resolve(r.t.app.request('/api/ballots', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(b) })).then(reply);

const withSig = (token: Token, sig: Uint8Array): Token => ({ ...token, tokenSig: bytesToHex(sig) });
function freshKeyToken(like: Token, sig: Uint8Array): Token {
  const k = newBallotKey();
  return { ...like, ballotPk: bytesToHex(k.publicKey), ballotSecret: k.secretKey, tokenSig: bytesToHex(sig) };
}

/** thread: false keeps the checks in this thread, where the mocks above can count them. */
async function nodeRoom(members: number, thread = false) {
  const castCrypto = await nodeCastCrypto({}, { thread });
  closeCrypto = castCrypto.close;
  expect(castCrypto.pairing).toBe('mcl-wasm');
  expect(castCrypto.thread).toBe(thread);
  const r = await openRoom({ t: makeTestApp({ castCrypto }), members, observers: 0, items: [{ nominees: 1 }] });
  t = r.t;
  const item = r.m.items[0]!;
  await openItem(r, item.id);
  const tokens: Token[] = [];
  for (const tablet of r.members) tokens.push(await tablet.requestToken(item.id));
  return { r, item, tokens };
}

describe('the Node cast checks (OpenSSL Ed25519, mcl-wasm batches, noble on refusal)', () => {
  it('accepts a genuine burst without noble pairing work', async () => {
    const { r, item, tokens } = await nodeRoom(12);
    const ballots = tokens.map((tk) => TabletClient.ballot(tk, { [item.nomineeIds[0]!]: 'approve' }));
    const results = await Promise.all(ballots.map((b) => castVia(r, b)));
    expect(results.map((res) => res.status)).toEqual(ballots.map(() => 201));
    expect(results.map((res) => res.body.receipt)).toEqual(ballots.map((b) => ballotReceipt(b)));
    expect(nobleChecked).toEqual([]);
    expect((await r.call('GET', `/api/items/${item.id}/progress`)).body.cast).toBe(12);
  });

  it('refuses exactly the forged tokens in a burst, by noble, and keeps their slots free', async () => {
    const { r, item, tokens } = await nodeRoom(15);
    const nominee = item.nomineeIds[0]!;
    const [held1, held2, held3] = tokens.splice(10, 3) as [Token, Token, Token];
    const d = hashToG1(new TextEncoder().encode('offset'), 'TEST-OFFSET');
    const s1 = G1.fromBytes(hexToBytes(held1.tokenSig, 48));
    const s2 = G1.fromBytes(hexToBytes(held2.tokenSig, 48));
    const wrongKey = deriveIssuerKey(new Uint8Array(32).fill(7), { meeting: r.m.meetingId, item: item.id, round: 1, klass: 'A' });
    const stranger = newBallotKey();
    const forged: Token[] = [
      // S₁+D and S₂−D: their plain sum is genuine; only the random coefficients catch them.
      withSig(held1, s1.add(d).toBytes(true)),
      withSig(held2, s2.subtract(d).toBytes(true)),
      freshKeyToken(tokens[0]!, hexToBytes(tokens[0]!.tokenSig, 48)),
      freshKeyToken(tokens[0]!, signTokenDirect(wrongKey.secretKey, hexToBytes(tokens[0]!.keyId, 32), stranger.publicKey)),
      freshKeyToken(tokens[0]!, Uint8Array.from([0x80 | 0x13, ...new Uint8Array(47).fill(0x5a)])),
    ];
    const burst = [...tokens.map((tk) => ({ tk, forged: false })), ...forged.map((tk) => ({ tk, forged: true }))];
    burst.sort((a, b) => (a.tk.ballotPk < b.tk.ballotPk ? -1 : 1));
    const ballots = burst.map(({ tk }) => TabletClient.ballot(tk, { [nominee]: 'approve' }));
    // A genuine token in a ballot whose Ed25519 signature is by another ballot's key.
    const { sig: _sig, ...body } = TabletClient.ballot(held3, { [nominee]: 'disapprove' });
    const misSigned = { ...body, sig: signBallot({ ...body, ballot_pk: tokens[0]!.ballotPk }, tokens[0]!.ballotSecret).sig };
    const results = await Promise.all([...ballots, misSigned].map((b) => castVia(r, b)));

    const misSignedResult = results.pop()!;
    expect(misSignedResult.status).toBe(400);
    expect(misSignedResult.body.code).toBe('invalid_ballot');
    for (const [i, res] of results.entries()) {
      expect(res.status, JSON.stringify(res.body)).toBe(burst[i]!.forged ? 400 : 201);
      if (burst[i]!.forged) expect(res.body.code).toBe('invalid_ballot');
    }
    // mcl bisected the poisoned batches and noble decided exactly the forged tokens, one by one.
    expect(nobleChecked.sort()).toEqual(forged.map((f) => f.ballotPk).sort());
    expect((await r.call('GET', `/api/items/${item.id}/progress`)).body.cast).toBe(12);
    for (const held of [held1, held2, held3]) expect((await castVia(r, TabletClient.ballot(held, { [nominee]: 'disapprove' }))).status).toBe(201);
    const closed = await r.call('POST', `/api/items/${item.id}/close`, { as: r.presiding });
    expect(closed.body.result.A.cast).toBe(15);
    expect(closed.body.result.A.nominees[0]).toMatchObject({ approve: 12, disapprove: 3 });
  });
});

describe('the token thread', () => {
  it('gives the same verdicts from its own thread: genuine casts counted, forged ones refused', async () => {
    const { r, item, tokens } = await nodeRoom(8, true);
    const nominee = item.nomineeIds[0]!;
    const forged = [
      freshKeyToken(tokens[0]!, hexToBytes(tokens[0]!.tokenSig, 48)),
      withSig(tokens[7]!, G1.fromBytes(hexToBytes(tokens[7]!.tokenSig, 48)).add(G1.BASE).toBytes(true)),
    ];
    const genuine = tokens.slice(0, 7);
    const results = await Promise.all([...genuine, ...forged].map((tk) => castVia(r, TabletClient.ballot(tk, { [nominee]: 'approve' }))));
    expect(results.map((res) => res.status)).toEqual([...genuine.map(() => 201), 400, 400]);
    // Checked on the other thread: nothing ran through this thread's noble.
    expect(nobleChecked).toEqual([]);
    expect((await r.call('GET', `/api/items/${item.id}/progress`)).body.cast).toBe(7);
  });

  it('finishes a batch in process when the thread dies under it, and keeps working without it', async () => {
    const key = deriveIssuerKey(new Uint8Array(32).fill(4), { meeting: 'm', item: 'i', round: 1, klass: 'A' });
    const tokens = Array.from({ length: 4 }, () => {
      const ballotPk = newBallotKey().publicKey;
      return { keyId: key.keyId, ballotPk, signature: signTokenDirect(key.secretKey, key.keyId, ballotPk) };
    });
    tokens[2] = { ...tokens[2]!, signature: tokens[3]!.signature };
    const { loadCheckBatch } = await import('../../../src/node-crypto/token-check');
    const { TokenThread } = await import('../../../src/node-crypto/token-thread');
    const notices: string[] = [];
    const thread = await TokenThread.start('mcl-wasm', await loadCheckBatch('mcl-wasm'), (m) => notices.push(m));
    try {
      expect(await thread.verify(key.publicKey, tokens)).toEqual({ ok: false, bad: [2] });
      const inFlight = thread.verify(key.publicKey, tokens);
      await (thread as unknown as { worker: { terminate(): Promise<number> } }).worker.terminate();
      expect(await inFlight).toEqual({ ok: false, bad: [2] });
      expect(notices.join('\n')).toMatch(/token thread stopped/);
      expect(await thread.verify(key.publicKey, tokens.slice(0, 2))).toEqual({ ok: true, bad: [] });
    } finally {
      await thread.stop();
    }
  });
});

describe('bisectingVerifier', () => {
  it('isolates d bad tokens with O(d·log n) checks and asks noble only about them', async () => {
    const key = deriveIssuerKey(new Uint8Array(32).fill(9), { meeting: 'm', item: 'i', round: 1, klass: 'A' });
    const tokens = Array.from({ length: 64 }, (_, i) => {
      const ballotPk = newBallotKey().publicKey;
      return { keyId: key.keyId, ballotPk, signature: signTokenDirect(key.secretKey, key.keyId, ballotPk) };
    });
    tokens[5] = { ...tokens[5]!, signature: tokens[6]!.signature };
    tokens[40] = { ...tokens[40]!, signature: Uint8Array.from([0xc0, ...new Uint8Array(47)]) }; // the identity: refused
    const calls: number[] = [];
    const { verifyTokenBatch } = await vi.importActual<typeof import('../../../crypto/batch-verify')>('../../../crypto/batch-verify');
    const holds = (g: { publicKey: Uint8Array; tokens: TokenToVerify[] }) => {
      calls.push(g.tokens.length);
      return verifyTokenBatch(g.publicKey, g.tokens).ok;
    };
    expect(bisectingVerifier(holds)(key.publicKey, tokens)).toEqual({ ok: false, bad: [5, 40] });
    expect(calls.length).toBeLessThanOrEqual(1 + 2 * 2 * Math.log2(64));
    expect(nobleChecked.sort()).toEqual([tokens[5]!, tokens[40]!].map((t) => Buffer.from(t.ballotPk).toString('hex')).sort());
    nobleChecked.length = 0;
    calls.length = 0;
    expect(bisectingVerifier(holds)(key.publicKey, [tokens[0]!, tokens[1]!])).toEqual({ ok: true, bad: [] });
    expect(calls).toEqual([2]);
  });
});

describe('nodeCastCrypto settings', () => {
  it('uses noble when asked, and refuses an unknown backend or batch size', async () => {
    expect((await nodeCastCrypto({ SEALVOTE_PAIRING: 'noble' }, { thread: false })).pairing).toBe('noble');
    await expect(nodeCastCrypto({ SEALVOTE_PAIRING: 'fast' })).rejects.toThrow(/SEALVOTE_PAIRING/);
    await expect(nodeCastCrypto({ SEALVOTE_CAST_BATCH_MAX: '0' })).rejects.toThrow(/SEALVOTE_CAST_BATCH_MAX/);
    expect((await nodeCastCrypto({ SEALVOTE_CAST_BATCH_MAX: '1' }, { thread: false })).tokenBatcher.maxBatch).toBe(1);
  });
});
