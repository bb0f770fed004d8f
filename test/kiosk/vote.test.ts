import { describe, expect, it } from 'vitest';
import { ballotReceipt, verifyBallotSignature } from '../../crypto/ballot';
import { hexToBytes } from '../../crypto/bytes';
import { verifyToken } from '../../crypto/token';
import { RuleInputError } from '../../src/rules';
import { MemoryStore } from '../../kiosk/src/lib/store';
import { LogFollower } from '../../kiosk/src/lib/log-check';
import {
  castKept,
  ensureToken,
  KeyNotYetSigned,
  shortCode,
  signAndKeep,
  TokenRefused,
  tokenVerifies,
  voteKey,
  type TabletSession,
  type VoteRecord,
} from '../../kiosk/src/lib/vote';
import { fakeServer } from './fake-server';

const session = (klass: 'A' | 'B' = 'A'): TabletSession => ({
  meetingId: 'm1',
  tabletToken: 'tablet-token',
  person: { id: 'p1', name: '张三', class: klass },
  meeting: { id: 'm1', title: '常委会', date: '2026-03-02' },
});

function setup(opts: Parameters<typeof fakeServer>[0] = {}) {
  const server = fakeServer(opts);
  const store = new MemoryStore();
  const target = { item: server.item, subject: server.subject, round: server.round, purpose: server.purpose };
  const log = new LogFollower({ fetch: server.fetch, store }, server.meeting);
  return { server, store, log, env: { fetch: server.fetch, store, log }, target };
}

describe('ensureToken', () => {
  it('keeps the blinded point before asking, and ends with a token that verifies under the logged key', async () => {
    const { server, store, env, target, log } = setup();
    let keptAtRequest: VoteRecord | undefined;
    const fetch = env.fetch;
    const spy = { fetch: async (p: string, i?: RequestInit) => {
      if (p.endsWith('/tokens')) keptAtRequest = await store.get<VoteRecord>(voteKey('i1', 1));
      return fetch(p, i);
    }, store, log };
    const rec = await ensureToken(spy, session(), target);
    expect(keptAtRequest?.status).toBe('blinded');
    expect(keptAtRequest?.blinded).toBe(rec.blinded);
    expect(rec.status).toBe('token');
    const key = server.key('A');
    expect(verifyToken(key.publicKey, key.keyId, hexToBytes(rec.ballotPk, 32), hexToBytes(rec.tokenSig!, 48))).toBe(true);
    expect(tokenVerifies(rec)).toBe(true);
    const tokenCall = server.calls.find((c) => c.path.endsWith('/tokens'))!;
    expect(tokenCall.headers.authorization).toBe('Bearer tablet-token');
    expect(tokenCall.credentials).toBe('omit');
    expect(tokenCall.body).toEqual({ round: 1, class: 'A', purpose: 'vote', blinded: rec.blinded });
    expect(await store.get<VoteRecord>(voteKey('i1', 1))).toEqual(rec);
  });

  it('uses the class B key for an observer', async () => {
    const { server, env, target } = setup();
    const rec = await ensureToken(env, session('B'), target);
    expect(rec.keyId).toBe(Buffer.from(server.key('B').keyId).toString('hex'));
    expect(tokenVerifies(rec)).toBe(true);
  });

  it('after a lost answer sends the SAME blinded point again, and is idempotent once it has a token', async () => {
    const { server, env, target } = setup();
    server.misbehave.loseTokenAnswer = 1;
    await expect(ensureToken(env, session(), target)).rejects.toThrow('Failed to fetch');
    const rec = await ensureToken(env, session(), target);
    const sent = server.calls.filter((c) => c.path.endsWith('/tokens')).map((c) => (c.body as { blinded: string }).blinded);
    expect(sent).toHaveLength(2);
    expect(sent[0]).toBe(sent[1]);
    expect(server.calls.filter((c) => c.path.includes('/key-proof'))).toHaveLength(1);
    const again = await ensureToken(env, session(), target);
    expect(again).toEqual(rec);
    expect(server.calls.filter((c) => c.path.endsWith('/tokens'))).toHaveLength(2);
  });

  it('refuses a signature made with a key that is not the logged one', async () => {
    const { server, env, target, store } = setup();
    server.misbehave.rogueKey = true;
    const err = await ensureToken(env, session(), target).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TokenRefused);
    expect((err as TokenRefused).reason).toBe('bad_signature');
    expect((await store.get<VoteRecord>(voteKey('i1', 1)))?.tokenSig).toBeUndefined();
  });

  it('refuses an answer that names another key id', async () => {
    const { server, env, target } = setup();
    server.misbehave.claimKeyId = 'ab'.repeat(32);
    await expect(ensureToken(env, session(), target)).rejects.toMatchObject({ reason: 'key_mismatch' });
  });

  it('handles a reconsideration motion: its own subject, purpose and keys', async () => {
    const { server, env, target } = setup({ purpose: 'motion' });
    const rec = await ensureToken(env, session(), target);
    expect(rec.subject).toBe('i1#motion');
    expect((server.calls.find((c) => c.path.endsWith('/tokens'))!.body as { purpose: string }).purpose).toBe('motion');
    const signed = await signAndKeep(env, rec, ['reconsider'], 1, { reconsider: 'approve' });
    expect(signed.signed?.item).toBe('i1#motion');
  });
});

describe('the key comes from the signed log only', () => {
  it('asks for the key proof before the token, and the token only once the key is proven', async () => {
    const { server, env, target } = setup();
    await ensureToken(env, session(), target);
    const order = server.calls.map((c) => c.path.split('?')[0]);
    expect(order.indexOf('/api/items/i1/key-proof')).toBeLessThan(order.indexOf('/api/items/i1/tokens'));
    expect(server.calls.some((c) => c.path.endsWith('/keys'))).toBe(false);
  });

  it('refuses, before any token request, a key whose inclusion proof was tampered with', async () => {
    const { server, env, target } = setup();
    server.misbehave.tamperKeyProof = true;
    await expect(ensureToken(env, session(), target)).rejects.toMatchObject({ reason: 'key_unproven' });
    expect(server.calls.some((c) => c.path.endsWith('/tokens'))).toBe(false);
  });

  it('refuses another class key given in place of its own, before any token request', async () => {
    const { server, env, target } = setup();
    server.misbehave.swapKeyEntry = true;
    await expect(ensureToken(env, session(), target)).rejects.toMatchObject({ reason: 'key_unproven' });
    expect(server.calls.some((c) => c.path.endsWith('/tokens'))).toBe(false);
  });

  it('waits while no signed checkpoint covers the opening', async () => {
    const server = fakeServer();
    const store = new MemoryStore();
    const log = new LogFollower({ fetch: server.fetch, store }, server.meeting);
    // A server whose answers stop at the meeting's first checkpoint.
    const early: typeof server.fetch = async (p, i) => {
      const res = await server.fetch(p, i);
      if (!p.includes('/key-proof')) return res;
      const body = (await res.json()) as Record<string, unknown>;
      return new Response(JSON.stringify({ ...body, checkpoint: server.checkpoints[0], keys: [] }), { status: 200 });
    };
    const err = await ensureToken({ fetch: early, store, log: new LogFollower({ fetch: early, store }, server.meeting) }, session(), { item: 'i1', subject: 'i1', round: 1, purpose: 'vote' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(KeyNotYetSigned);
    expect(server.calls.some((c) => c.path.endsWith('/tokens'))).toBe(false);
    expect((await ensureToken({ fetch: server.fetch, store, log }, session(), { item: 'i1', subject: 'i1', round: 1, purpose: 'vote' })).status).toBe('token');
  });
});

describe('signAndKeep and castKept', () => {
  async function tokened(opts: Parameters<typeof fakeServer>[0] = {}) {
    const s = setup(opts);
    const rec = await ensureToken(s.env, session(), s.target);
    return { ...s, rec };
  }

  it('casts with no cookie and no Authorization header, and keeps the receipt', async () => {
    const { server, env, rec, store } = await tokened();
    const signed = await signAndKeep(env, rec, ['n1'], 1, { n1: 'approve' });
    expect(signed.status).toBe('signed');
    expect(verifyBallotSignature(signed.signed!)).toBe(true);
    expect(signed.signed).toMatchObject({ v: 1, meeting: 'm1', item: 'i1', round: 1, class: 'A', choices: { n1: 'approve' } });
    const done = await castKept(env, signed);
    expect(done.status).toBe('cast');
    expect(done.receipt).toBe(ballotReceipt(signed.signed!));
    const call = server.calls.find((c) => c.path === '/api/ballots')!;
    expect(call.credentials).toBe('omit');
    expect(call.headers.authorization).toBeUndefined();
    expect(call.headers.cookie).toBeUndefined();
    expect((await store.get<VoteRecord>(voteKey('i1', 1)))?.receipt).toBe(done.receipt);
  });

  it('a kept ballot is final: signing again returns it, and a resend gets the same receipt', async () => {
    const { server, env, rec } = await tokened();
    const first = await signAndKeep(env, rec, ['n1'], 1, { n1: 'disapprove' });
    const second = await signAndKeep(env, first, ['n1'], 1, { n1: 'approve' });
    expect(second.signed).toEqual(first.signed);
    const a = await castKept(env, first);
    const b = await castKept(env, { ...first });
    expect(b.receipt).toBe(a.receipt);
    expect(server.ballots.size).toBe(1);
  });

  it('refuses a missing choice and more approvals than posts (R6, R8) before signing', async () => {
    const { env, rec, store } = await tokened();
    await expect(signAndKeep(env, rec, ['n1', 'n2'], 1, { n1: 'approve' } as never)).rejects.toBeInstanceOf(RuleInputError);
    await expect(signAndKeep(env, rec, ['n1', 'n2', 'n3'], 1, { n1: 'approve', n2: 'approve', n3: 'abstain' })).rejects.toBeInstanceOf(RuleInputError);
    expect((await store.get<VoteRecord>(voteKey('i1', 1)))?.signed).toBeUndefined();
    const ok = await signAndKeep(env, rec, ['n1', 'n2', 'n3', 'n4'], 2, { n1: 'approve', n2: 'approve', n3: 'abstain', n4: 'disapprove' });
    expect(ok.signed?.choices).toEqual({ n1: 'approve', n2: 'approve', n3: 'abstain', n4: 'disapprove' });
  });

  it('refuses a receipt that is not the hash of the ballot sent', async () => {
    const { server, env, rec } = await tokened();
    server.misbehave.wrongReceipt = true;
    const signed = await signAndKeep(env, rec, ['n1'], 1, { n1: 'abstain' });
    await expect(castKept(env, signed)).rejects.toMatchObject({ reason: 'receipt_mismatch' });
  });
});

describe('receipts', () => {
  it('shows the first ten hex digits in two groups', () => {
    expect(shortCode('0123456789abcdef'.repeat(4))).toBe('01234 56789');
    expect(() => shortCode('XYZ')).toThrow();
    expect(() => shortCode('01234')).toThrow();
  });

  it('checks a receipt against the signed log: proven after the close, missing before', async () => {
    const { env, server, log } = setup();
    const rec = await ensureToken(env, session(), { item: 'i1', subject: 'i1', round: 1, purpose: 'vote' });
    const done = await castKept(env, await signAndKeep(env, rec, ['n1'], 1, { n1: 'approve' }));
    await expect(log.proveReceipt(done.receipt!)).rejects.toMatchObject({ reason: 'missing' });
    server.close();
    const cp = await log.proveReceipt(done.receipt!);
    expect(cp.size).toBe(server.checkpoints.at(-1)!.size);
    await expect(log.proveReceipt('f'.repeat(64))).rejects.toMatchObject({ reason: 'missing' });
  });

  it('never counts an empty proof with a made-up checkpoint as checked', async () => {
    const { env, server, log } = setup();
    const rec = await ensureToken(env, session(), { item: 'i1', subject: 'i1', round: 1, purpose: 'vote' });
    const done = await castKept(env, await signAndKeep(env, rec, ['n1'], 1, { n1: 'approve' }));
    server.close();
    server.misbehave.emptyReceiptProof = true;
    await expect(log.proveReceipt(done.receipt!)).rejects.toMatchObject({ reason: 'bad_signature' });
  });
});
