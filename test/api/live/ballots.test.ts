import { afterEach, describe, expect, it } from 'vitest';
import { bytesToHex } from '../../../crypto/bytes';
import { blind } from '../../../crypto/token';
import { newBallotKey } from '../../../crypto/ballot';
import { TabletClient } from '../../support/tablet';
import type { SeededItem } from '../../support/seed';
import { liveMeeting, type Live } from './harness';

let live: Live | undefined;
afterEach(() => live?.t.close());
const fetcher = () => async (p: string, i?: RequestInit) => live!.t.app.request(p, i);

async function openFirst(members = 7, observers = 0, items = 2) {
  live = await liveMeeting({ members, observers, items: Array.from({ length: items }, () => ({ nominees: 1 })) });
  await live.post(`/api/meetings/${live.m.meetingId}/open`);
  const tablets = await live.signIn(members, observers);
  expect((await live.post(`/api/items/${live.m.items[0]!.id}/open`)).status).toBe(200);
  return tablets;
}

describe('tokens and ballots', () => {
  it('refuses a token of one item on another, and any ballot after close', async () => {
    const { members } = await openFirst();
    const [a, b] = live!.m.items as [SeededItem, SeededItem];
    const token = await members[0]!.requestToken(a.id);
    expect((await live!.post(`/api/items/${a.id}/close`)).status).toBe(200);
    const late = await TabletClient.cast(fetcher(), TabletClient.ballot(token, { [a.nomineeIds[0]!]: 'approve' }));
    expect(late.status).toBe(409);
    expect(late.body.code).toBe('vote_not_open');
    expect((await live!.post(`/api/items/${b.id}/open`)).status).toBe(200);
    const moved = TabletClient.ballot({ ...token, item: b.id }, { [b.nomineeIds[0]!]: 'approve' });
    const other = await TabletClient.cast(fetcher(), moved);
    expect(other.status).toBe(400);
    expect(other.body.code).toBe('invalid_ballot');
    // A forged token signature is refused too.
    const fresh = await members[1]!.requestToken(b.id);
    const forged = await TabletClient.cast(fetcher(), TabletClient.ballot({ ...fresh, tokenSig: token.tokenSig }, { [b.nomineeIds[0]!]: 'approve' }));
    expect(forged.status).toBe(400);
  });

  it('returns the same receipt for an identical resend and 409 for another ballot under the token', async () => {
    const { members } = await openFirst();
    const item = live!.m.items[0]!;
    const nominee = item.nomineeIds[0]!;
    const token = await members[0]!.requestToken(item.id);
    const ballot = TabletClient.ballot(token, { [nominee]: 'approve' });
    const first = await TabletClient.cast(fetcher(), ballot);
    expect(first.status).toBe(201);
    const again = await TabletClient.cast(fetcher(), ballot);
    expect(again.status).toBe(200);
    expect(again.body.receipt).toBe(first.body.receipt);
    const changed = await TabletClient.cast(fetcher(), TabletClient.ballot(token, { [nominee]: 'disapprove' }));
    expect(changed.status).toBe(409);
    expect(changed.body.code).toBe('ballot_conflict');
    const progress = await live!.get(`/api/items/${item.id}/progress`);
    expect(progress.body.cast).toBe(1);
  });

  it('refuses a ballot sent with a cookie or an Authorization header', async () => {
    const { members } = await openFirst();
    const item = live!.m.items[0]!;
    const token = await members[0]!.requestToken(item.id);
    const ballot = TabletClient.ballot(token, { [item.nomineeIds[0]!]: 'approve' });
    for (const extra of [{ authorization: `Bearer ${members[0]!.bearer}` }, { cookie: live!.presiding.cookie }] as Array<Record<string, string>>) {
      const res = await live!.t.app.request('/api/ballots', {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...extra },
        body: JSON.stringify(ballot),
      });
      expect(res.status).toBe(400);
    }
    expect((await live!.get(`/api/items/${item.id}/progress`)).body.cast).toBe(0);
  });

  it('gives exactly one token to concurrent requests of one member, and repeats it for the same blinded point', async () => {
    const { members } = await openFirst();
    const item = live!.m.items[0]!;
    const keys = await members[0]!.keys(item.id);
    const keyId = Uint8Array.from(Buffer.from(keys.keys[0]!.keyId, 'hex'));
    const request = (blinded: string) =>
      live!.t.app.request(`/api/items/${item.id}/tokens`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${members[0]!.bearer}` },
        body: JSON.stringify({ round: 1, class: 'A', blinded }),
      });
    const points = Array.from({ length: 6 }, () => bytesToHex(blind(keyId, newBallotKey().publicKey).blinded));
    const responses = await Promise.all(points.map(request));
    const statuses = responses.map((r) => r.status).sort();
    expect(statuses).toEqual([200, 409, 409, 409, 409, 409]);
    const winner = points[responses.findIndex((r) => r.status === 200)]!;
    const first = (await responses.find((r) => r.status === 200)!.json()) as { blindSignature: string };
    const repeat = await request(winner);
    expect(repeat.status).toBe(200);
    expect(((await repeat.json()) as { blindSignature: string }).blindSignature).toBe(first.blindSignature);
    expect((await live!.get(`/api/items/${item.id}/progress`)).body.issued).toBe(1);
    // The identity point is refused.
    const identity = await live!.t.app.request(`/api/items/${item.id}/tokens`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${members[1]!.bearer}` },
      body: JSON.stringify({ round: 1, class: 'A', blinded: 'c0' + '00'.repeat(47) }),
    });
    expect(identity.status).toBe(400);
  });

  it('accepts exactly one of concurrent different ballots under one token', async () => {
    const { members } = await openFirst();
    const item = live!.m.items[0]!;
    const nominee = item.nomineeIds[0]!;
    const token = await members[0]!.requestToken(item.id);
    const ballots = (['approve', 'disapprove', 'abstain', 'approve'] as const).map((c, i) =>
      i === 3 ? TabletClient.ballot(token, { [nominee]: 'disapprove' }) : TabletClient.ballot(token, { [nominee]: c }),
    );
    const results = await Promise.all(ballots.map((b) => TabletClient.cast(fetcher(), b)));
    const created = results.filter((r) => r.status === 201);
    expect(created).toHaveLength(1);
    // The losers are a conflict, or (the same ballot as the winner) the same receipt.
    for (const r of results.filter((r) => r.status !== 201)) {
      expect(r.status === 409 || (r.status === 200 && r.body.receipt === created[0]!.body.receipt)).toBe(true);
    }
    expect((await live!.get(`/api/items/${item.id}/progress`)).body.cast).toBe(1);
  });

  it('issues no token to someone signed in after the vote opened, or signed out since', async () => {
    live = await liveMeeting({ members: 9, items: [{ nominees: 1 }] });
    await live.post(`/api/meetings/${live.m.meetingId}/open`);
    const { members } = await live.signIn(6);
    const item = live.m.items[0]!;
    await live.post(`/api/items/${item.id}/open`);
    const late = (await live.signIn(7)).members[6]!;
    await expect(late.requestToken(item.id)).rejects.toMatchObject({ status: 403 });
    const { signOut } = await import('../../support/seed');
    await signOut(live.t, live.m.meetingId, live.m.members[0]!);
    await expect(members[0]!.requestToken(item.id)).rejects.toMatchObject({ status: 401 });
  });
});
