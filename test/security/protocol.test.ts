/**
 * The token and ballot protocol under attack (design.md, "Anonymous ballot tokens"): tokens of
 * the wrong class, a second token, tokens carried to another item / round / class, tokens under
 * a key that was never logged, ballots outside the open vote, changed and repeated ballots, and
 * more ballots than tokens — minted by someone holding the issuer key. Then a tablet whose
 * clock is a day off.
 */
import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { newBallotKey, signBallot, type SignedBallot } from '../../crypto/ballot';
import { bytesToHex, CryptoInputError, hexToBytes } from '../../crypto/bytes';
import { deriveIssuerKey } from '../../crypto/issuer-key';
import { blind, blindSign, signTokenDirect } from '../../crypto/token';
import { buildRecord } from '../../src/domain/record/build-record';
import { issuerKey, publicKeyHex } from '../../src/domain/live/keys';
import { verifyRecord } from '../../src/verifier';
import type { Fetcher } from '../../src/demo/tablet-client';
import { fetcherOf, TabletClient } from '../support/tablet';
import { openItem, openRoom, reply, snapshot, type Reply, type Room } from './fixture';

let room: Room | undefined;
afterEach(() => {
  vi.useRealTimers();
  room?.t.close();
});

const cast = (r: Room, ballot: unknown) =>
  Promise.resolve(r.t.app.request('/api/ballots', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(ballot) })).then(reply);
const tokenRequest = (r: Room, tablet: TabletClient, itemId: string, body: Record<string, unknown>) =>
  Promise.resolve(
    r.t.app.request(`/api/items/${itemId}/tokens`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${tablet.bearer}` }, body: JSON.stringify(body) }),
  ).then(reply);

async function refused(r: Room, run: () => Promise<Reply>, status: number, code: string): Promise<void> {
  const before = snapshot(r.t.handle.sqlite);
  const res = await run();
  expect(res.status, JSON.stringify(res.body)).toBe(status);
  expect(res.body.code).toBe(code);
  expect(snapshot(r.t.handle.sqlite)).toBe(before);
}

/** A blinded point the way an honest tablet makes one, for the key logged for `itemId`. */
async function blindedFor(tablet: TabletClient, itemId: string, klass: 'A' | 'B' = tablet.klass): Promise<string> {
  const keys = await tablet.keys(itemId);
  const key = keys.keys.find((k) => k.class === klass)!;
  return bytesToHex(blind(hexToBytes(key.keyId, 32), newBallotKey().publicKey).blinded);
}

/** A ballot whose token is signed directly with a given issuer secret: what a key holder could mint. */
function minted(r: Room, itemId: string, round: number, klass: 'A' | 'B', choices: Record<string, 'approve' | 'disapprove' | 'abstain'>, secret?: { secretKey: Uint8Array; keyId: Uint8Array }): SignedBallot {
  const key = secret ?? issuerKey(r.t.deps.config, { meetingId: r.m.meetingId, itemId, round, purpose: 'vote', klass });
  const ballotKey = newBallotKey();
  const tokenSig = signTokenDirect(key.secretKey, key.keyId, ballotKey.publicKey);
  return signBallot(
    { v: 1, meeting: r.m.meetingId, item: itemId, round, class: klass, key_id: bytesToHex(key.keyId), ballot_pk: bytesToHex(ballotKey.publicKey), token_sig: bytesToHex(tokenSig), choices },
    ballotKey.secretKey,
  );
}

async function closedRecordVerifies(r: Room, itemId: string): Promise<ReturnType<typeof verifyRecord>> {
  expect((await r.call('POST', `/api/items/${itemId}/close`, { as: r.presiding })).status).toBe(200);
  const report = verifyRecord(await buildRecord(r.t.deps, r.m.meetingId));
  expect(report.firstFailure).toBeUndefined();
  expect(report.ok).toBe(true);
  return report;
}

describe('tokens', () => {
  it('refuse an observer an A token and a member a B token (R4)', async () => {
    room = await openRoom({ members: 5, observers: 2, items: [{ nominees: 1 }] });
    const r = room;
    const item = r.m.items[0]!.id;
    await openItem(r, item);
    const blindedA = await blindedFor(r.members[0]!, item, 'A');
    await refused(r, () => tokenRequest(r, r.observers[0]!, item, { round: 1, class: 'A', blinded: blindedA }), 403, 'forbidden');
    const blindedB = await blindedFor(r.observers[0]!, item, 'B');
    await refused(r, () => tokenRequest(r, r.members[0]!, item, { round: 1, class: 'B', blinded: blindedB }), 403, 'forbidden');
    await refused(r, () => tokenRequest(r, r.observers[0]!, item, { round: 1, class: 'A', purpose: 'motion', blinded: blindedA }), 403, 'forbidden');
  });

  it('give one token per person per vote: a second blinded point is refused, the first repeated', async () => {
    room = await openRoom({ members: 5, observers: 0, items: [{ nominees: 1 }] });
    const r = room;
    const item = r.m.items[0]!.id;
    await openItem(r, item);
    const first = await blindedFor(r.members[0]!, item);
    const ok = await tokenRequest(r, r.members[0]!, item, { round: 1, class: 'A', blinded: first });
    expect(ok.status).toBe(200);
    await refused(r, async () => tokenRequest(r, r.members[0]!, item, { round: 1, class: 'A', blinded: await blindedFor(r.members[0]!, item) }), 409, 'token_already_issued');
    const again = await tokenRequest(r, r.members[0]!, item, { round: 1, class: 'A', blinded: first });
    expect(again.body.blindSignature).toBe(ok.body.blindSignature);
    expect((await r.call('GET', `/api/items/${item}/progress`)).body.issued).toBe(1);
  });

  it('refuse a token for an item that is not open, a round that does not exist, and another meeting\'s item', async () => {
    room = await openRoom({ members: 5, observers: 0, items: [{ nominees: 1 }, { nominees: 1 }] });
    const r = room;
    const [a, b] = r.m.items as [(typeof r.m.items)[0], (typeof r.m.items)[0]];
    await openItem(r, a.id);
    const blinded = await blindedFor(r.members[0]!, a.id);
    await refused(r, () => tokenRequest(r, r.members[0]!, b.id, { round: 1, class: 'A', blinded }), 409, 'vote_not_open');
    await refused(r, () => tokenRequest(r, r.members[0]!, a.id, { round: 2, class: 'A', blinded }), 409, 'vote_not_open');
    await refused(r, () => tokenRequest(r, r.members[0]!, a.id, { round: 1, class: 'A', purpose: 'motion', blinded }), 409, 'vote_not_open');
    await refused(r, () => tokenRequest(r, r.members[0]!, 'itm_does_not_exist_00', { round: 1, class: 'A', blinded }), 404, 'not_found');
  });

  it('are checked by the tablet against the logged key: a blind signature under any other key is refused', async () => {
    room = await openRoom({ members: 5, observers: 0, items: [{ nominees: 1 }] });
    const r = room;
    const item = r.m.items[0]!.id;
    await openItem(r, item);
    // A server tagging this tablet signs with a key of its own instead of the logged one.
    const rogue = deriveIssuerKey(randomBytes(32), { meeting: r.m.meetingId, item, round: 1, klass: 'A' });
    const honest = fetcherOf(r.t);
    const tagging: Fetcher = async (path, init) => {
      const res = await honest(path, init);
      if (!path.endsWith('/tokens') || res.status !== 200) return res;
      const blinded = hexToBytes(JSON.parse(String(init!.body)).blinded, 48);
      return Response.json({ blindSignature: bytesToHex(blindSign(rogue.secretKey, blinded)), keyId: bytesToHex(rogue.keyId), publicKey: bytesToHex(rogue.publicKey) });
    };
    const tablet = new TabletClient(tagging, r.members[0]!.bearer, 'A');
    await expect(tablet.requestToken(item)).rejects.toBeInstanceOf(CryptoInputError);
  });
});

describe('ballots', () => {
  it('refuse a token under a key that was never logged, whatever key_id it claims', async () => {
    room = await openRoom({ members: 5, observers: 0, items: [{ nominees: 1 }] });
    const r = room;
    const item = r.m.items[0]!;
    await openItem(r, item.id);
    const choices = { [item.nomineeIds[0]!]: 'approve' as const };
    const rogue = deriveIssuerKey(randomBytes(32), { meeting: r.m.meetingId, item: item.id, round: 1, klass: 'A' });
    await refused(r, () => cast(r, minted(r, item.id, 1, 'A', choices, rogue)), 400, 'invalid_ballot');
    // Claiming the logged key id does not help: the signature is checked under the logged key.
    const logged = publicKeyHex(issuerKey(r.t.deps.config, { meetingId: r.m.meetingId, itemId: item.id, round: 1, purpose: 'vote', klass: 'A' }));
    await refused(r, () => cast(r, minted(r, item.id, 1, 'A', choices, { secretKey: rogue.secretKey, keyId: hexToBytes(logged.keyId) })), 400, 'invalid_ballot');
  });

  it('refuse a token of another item, round or class', async () => {
    room = await openRoom({ members: 5, observers: 2, items: [{ nominees: 1 }, { nominees: 1 }] });
    const r = room;
    const [a, b] = r.m.items as [(typeof r.m.items)[0], (typeof r.m.items)[0]];
    await openItem(r, a.id);
    const token = await r.members[0]!.requestToken(a.id);
    const observerToken = await r.observers[0]!.requestToken(a.id);
    const choices = { [a.nomineeIds[0]!]: 'approve' as const };
    // Another item (b is not open, so this is refused before any crypto), another round, another class.
    await refused(r, async () => cast(r, TabletClient.ballot({ ...token, item: b.id }, { [b.nomineeIds[0]!]: 'approve' })), 409, 'vote_not_open');
    await refused(r, async () => cast(r, TabletClient.ballot({ ...token, round: 2 }, choices)), 409, 'vote_not_open');
    await refused(r, async () => cast(r, TabletClient.ballot({ ...token, class: 'B' }, choices)), 400, 'invalid_ballot');
    await refused(r, async () => cast(r, TabletClient.ballot({ ...observerToken, class: 'A' }, choices)), 400, 'invalid_ballot');
    await refused(r, async () => cast(r, TabletClient.ballot({ ...token, meeting: 'mtg_other_meeting_000' }, choices)), 400, 'invalid_ballot');
  });

  it('refuse a ballot before its vote opens and after it closes, even with a validly minted token', async () => {
    room = await openRoom({ members: 5, observers: 0, items: [{ nominees: 1 }, { nominees: 1 }] });
    const r = room;
    const [a, b] = r.m.items as [(typeof r.m.items)[0], (typeof r.m.items)[0]];
    await refused(r, async () => cast(r, minted(r, a.id, 1, 'A', { [a.nomineeIds[0]!]: 'approve' })), 409, 'vote_not_open');
    await openItem(r, a.id);
    const token = await r.members[0]!.requestToken(a.id);
    await refused(r, async () => cast(r, minted(r, b.id, 1, 'A', { [b.nomineeIds[0]!]: 'approve' })), 409, 'vote_not_open');
    await closedRecordVerifies(r, a.id);
    await refused(r, async () => cast(r, TabletClient.ballot(token, { [a.nomineeIds[0]!]: 'approve' })), 409, 'vote_not_open');
  });

  it('keep the original when the same token comes back with another choice (409), and answer an identical resend with the same receipt', async () => {
    room = await openRoom({ members: 5, observers: 0, items: [{ nominees: 1 }] });
    const r = room;
    const item = r.m.items[0]!;
    const nominee = item.nomineeIds[0]!;
    await openItem(r, item.id);
    const token = await r.members[0]!.requestToken(item.id);
    const original = TabletClient.ballot(token, { [nominee]: 'approve' });
    const first = await cast(r, original);
    expect(first.status).toBe(201);
    for (const other of ['disapprove', 'abstain'] as const) {
      await refused(r, async () => cast(r, TabletClient.ballot(token, { [nominee]: other })), 409, 'ballot_conflict');
    }
    // A changed choice under the original signature does not verify either.
    await refused(r, async () => cast(r, { ...original, choices: { [nominee]: 'disapprove' } }), 409, 'ballot_conflict');
    const before = snapshot(r.t.handle.sqlite);
    const resend = await cast(r, original);
    expect(resend.status).toBe(200);
    expect(resend.body.receipt).toBe(first.body.receipt);
    expect(snapshot(r.t.handle.sqlite)).toBe(before);
    await closedRecordVerifies(r, item.id);
    const result = await r.call('GET', `/api/items/${item.id}/result`, { as: r.presiding });
    expect(result.body.A.nominees[0]).toMatchObject({ approve: 1, disapprove: 0, abstain: 0 });
  });

  it('accept no more ballots than tokens issued, even ballots minted with the issuer key', async () => {
    room = await openRoom({ members: 5, observers: 0, items: [{ nominees: 1 }] });
    const r = room;
    const item = r.m.items[0]!;
    const choices = { [item.nomineeIds[0]!]: 'approve' as const };
    await openItem(r, item.id);
    // Two tokens issued; one honest ballot; the key holder mints ballots on top.
    const t0 = await r.members[0]!.requestToken(item.id);
    const t1 = await r.members[1]!.requestToken(item.id);
    expect((await cast(r, TabletClient.ballot(t0, choices))).status).toBe(201);
    expect((await cast(r, minted(r, item.id, 1, 'A', choices))).status).toBe(201);
    await refused(r, async () => cast(r, minted(r, item.id, 1, 'A', choices)), 409, 'conflict');
    // The minted ballot took member 1's place: member 1 is refused and has no receipt to find,
    // which is how minting is caught (THREAT_MODEL.md, "issuer minting").
    await refused(r, async () => cast(r, TabletClient.ballot(t1, choices)), 409, 'conflict');
    const report = await closedRecordVerifies(r, item.id);
    expect(report.counts).toMatchObject({ tokensIssued: 2, ballots: 2 });
  });
});

describe('time', () => {
  it('a tablet whose clock is a day ahead or behind votes exactly as one on time', async () => {
    room = await openRoom({ members: 6, observers: 0, items: [{ nominees: 1 }] });
    const r = room;
    const item = r.m.items[0]!;
    await openItem(r, item.id);
    const serverNow = r.t.deps.now().getTime();
    const receipts: string[] = [];
    for (const [i, offset] of [86_400_000, -86_400_000, 0, 86_400_000, -86_400_000, 0].entries()) {
      // Only this process's wall clock moves; the service reads its own injected clock.
      vi.useFakeTimers({ toFake: ['Date'] });
      vi.setSystemTime(Date.now() + offset);
      const skewed: Fetcher = async (path, init) => fetcherOf(r.t)(path, { ...init, headers: { ...(init?.headers as Record<string, string>), date: new Date().toUTCString() } });
      const tablet = new TabletClient(skewed, r.members[i]!.bearer, 'A');
      receipts.push(await tablet.vote(item.id, { [item.nomineeIds[0]!]: i % 2 === 0 ? 'approve' : 'disapprove' }));
      vi.useRealTimers();
    }
    expect(r.t.deps.now().getTime()).toBe(serverNow);
    const report = await closedRecordVerifies(r, item.id);
    expect(report.counts.ballots).toBe(6);
    const result = await r.call('GET', `/api/items/${item.id}/result`, { as: r.presiding });
    expect(result.body.A.nominees[0]).toMatchObject({ approve: 3, disapprove: 3 });
    // A ballot carries no time at all, so a skewed clock has nothing to put in the record.
    const rows = r.t.handle.sqlite.prepare("SELECT entry FROM log_entries WHERE meeting_id = ? AND type = 'ballot'").all(r.m.meetingId) as Array<{ entry: string }>;
    expect(rows).toHaveLength(6);
    for (const row of rows) {
      const { ballot } = JSON.parse(row.entry.slice(row.entry.indexOf('\n') + 1)) as { ballot: object };
      expect(Object.keys(ballot).sort()).toEqual(['ballot_pk', 'choices', 'class', 'item', 'key_id', 'meeting', 'round', 'sig', 'token_sig', 'v']);
    }
    expect(receipts).toHaveLength(6);
  });
});
