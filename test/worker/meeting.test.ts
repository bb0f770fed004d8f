import { SELF } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import type { Choice } from '../../crypto/ballot';
import { configFromEnv } from '../../src/config';
import type { AppDeps } from '../../src/deps';
import { HttpError, TabletClient, type Fetcher } from '../../src/demo/tablet-client';
import { checkpointKeys } from '../../src/record/signer';
import { RECORD_FORMAT, verifyRecord } from '../../src/verifier';
import { seedMeeting, signIn } from '../support/seed';
import { d1Db, env } from './env';
import { BASE, loginAgent, seedOfficer } from './officers';

/** Tablets and officers reach the Worker only through SELF.fetch, as over the network. */
const fetcher: Fetcher = (path, init) => SELF.fetch(`${BASE}${path}`, init);

/** The seed helpers need only a database and a clock; here the database is the Worker's D1. */
const seedDeps = () => ({ deps: { db: d1Db(), now: () => new Date() } as unknown as AppDeps });

async function tabletsFor(meetingId: string, personIds: string[], klass: 'A' | 'B'): Promise<TabletClient[]> {
  const out: TabletClient[] = [];
  for (const p of personIds) out.push(new TabletClient(fetcher, await signIn(seedDeps(), meetingId, p), klass));
  return out;
}

async function presidingOfficer() {
  const agent = await loginAgent(await seedOfficer('presiding'));
  const headers = { cookie: agent.cookie, 'x-csrf-token': agent.csrf, 'content-type': 'application/json' };
  return {
    cookie: agent.cookie,
    async post(path: string): Promise<{ status: number; body: any }> {
      const res = await fetcher(path, { method: 'POST', headers });
      return { status: res.status, body: await res.json() };
    },
    async get(path: string): Promise<{ status: number; body: any }> {
      const res = await fetcher(path, { headers: { cookie: agent.cookie } });
      return { status: res.status, body: await res.json() };
    },
  };
}

/** Every tablet votes in order; returns the receipts. */
async function voteAll(itemId: string, voters: TabletClient[], choices: Array<Record<string, Choice>>): Promise<string[]> {
  const receipts: string[] = [];
  for (const [i, tablet] of voters.entries()) receipts.push(await tablet.vote(itemId, choices[i]!));
  return receipts;
}

describe('a whole meeting through the Worker on D1, with the real token protocol', () => {
  it('opens, votes two items, closes, and leaves a record the verifier accepts', async () => {
    const m = await seedMeeting(seedDeps(), { members: 7, observers: 2, items: [{ nominees: 1 }, { nominees: 2, seats: 1 }] });
    const presiding = await presidingOfficer();
    const [plain, competitive] = m.items as [(typeof m.items)[0], (typeof m.items)[0]];

    expect((await presiding.post(`/api/meetings/${m.meetingId}/open`)).status).toBe(200);
    const members = await tabletsFor(m.meetingId, m.members.slice(0, 6), 'A');
    const observers = await tabletsFor(m.meetingId, m.observers, 'B');

    // On Workers the kiosk polls the state; the SSE stream is refused (src/worker.ts).
    const state = await fetcher(`/api/meetings/${m.meetingId}/state`);
    expect(state.status).toBe(200);
    expect((await fetcher(`/api/meetings/${m.meetingId}/events`)).status).toBe(404);

    // Item 1: 6 of 7 due present (R1: 18 ≥ 14); 5 approvals of 7 due pass (R2: 10 > 7).
    const opened = await presiding.post(`/api/items/${plain.id}/open`);
    expect(opened.status, JSON.stringify(opened.body)).toBe(200);
    const nominee = plain.nomineeIds[0]!;
    const receipts = await voteAll(plain.id, members, [
      ...Array.from({ length: 5 }, () => ({ [nominee]: 'approve' as const })),
      { [nominee]: 'disapprove' as const },
    ]);
    await voteAll(plain.id, observers, [{ [nominee]: 'approve' }, { [nominee]: 'abstain' }]);
    expect(new Set(receipts).size).toBe(6);
    expect((await presiding.post(`/api/items/${plain.id}/close`)).status).toBe(200);
    expect((await presiding.post(`/api/items/${plain.id}/announce`)).status).toBe(200);
    const first = await presiding.get(`/api/items/${plain.id}/result`);
    expect(first.body.A).toMatchObject({ due: 7, present: 6, issued: 6, cast: 6, notCast: 0 });
    expect(first.body.A.nominees[0]).toMatchObject({ id: nominee, approve: 5, disapprove: 1, abstain: 0, approved: true });
    expect(first.body.B).toMatchObject({ cast: 2 });

    // Item 2: a competitive vote, 2 nominees for 1 seat (R8); only members vote.
    const [x, y] = competitive.nomineeIds as [string, string];
    expect((await presiding.post(`/api/items/${competitive.id}/open`)).status).toBe(200);
    await voteAll(competitive.id, members, [
      ...Array.from({ length: 4 }, () => ({ [x]: 'approve' as const, [y]: 'disapprove' as const })),
      ...Array.from({ length: 2 }, () => ({ [x]: 'abstain' as const, [y]: 'approve' as const })),
    ]);
    expect((await presiding.post(`/api/items/${competitive.id}/close`)).status).toBe(200);
    expect((await presiding.post(`/api/items/${competitive.id}/announce`)).status).toBe(200);
    const second = await presiding.get(`/api/items/${competitive.id}/result`);
    const byId = Object.fromEntries((second.body.A.nominees as Array<{ id: string }>).map((n) => [n.id, n]));
    expect(byId[x]).toMatchObject({ approve: 4, approved: true });
    expect(byId[y]).toMatchObject({ approve: 2, approved: false });

    const closed = await presiding.post(`/api/meetings/${m.meetingId}/close`);
    expect(closed.status, JSON.stringify(closed.body)).toBe(200);

    // The record as the departments download it, checked by the code `sealvote verify` runs.
    const record = await presiding.get(`/api/meetings/${m.meetingId}/record`);
    expect(record.status).toBe(200);
    expect(record.body.format).toBe(RECORD_FORMAT);
    const serviceKey = checkpointKeys(configFromEnv(env as unknown as Record<string, string | undefined>)).verifierKey;
    const report = verifyRecord(record.body, { trusted: { serviceKey } });
    expect(report.firstFailure).toBeUndefined();
    expect(report.ok).toBe(true);
    expect(report.ended).toBe(true);
    expect(report.tallyHash).toBe(closed.body.tallyHash);
    expect(report.counts).toMatchObject({ items: 2, ballots: 6 + 2 + 6 });
  });
});

describe('concurrent attempts against the Worker: exactly one wins', () => {
  async function openItem() {
    const m = await seedMeeting(seedDeps(), { members: 3, items: [{ nominees: 1 }] });
    const presiding = await presidingOfficer();
    expect((await presiding.post(`/api/meetings/${m.meetingId}/open`)).status).toBe(200);
    const members = await tabletsFor(m.meetingId, m.members, 'A');
    const item = m.items[0]!;
    expect((await presiding.post(`/api/items/${item.id}/open`)).status).toBe(200);
    return { m, presiding, members, item, nominee: item.nomineeIds[0]! };
  }

  it('one opening of an item: concurrent opens race for the same log index on D1, the loser is refused', async () => {
    const m = await seedMeeting(seedDeps(), { members: 3, items: [{ nominees: 1 }] });
    const presiding = await presidingOfficer();
    expect((await presiding.post(`/api/meetings/${m.meetingId}/open`)).status).toBe(200);
    await tabletsFor(m.meetingId, m.members, 'A');
    const item = m.items[0]!;
    const opens = await Promise.all(Array.from({ length: 4 }, () => presiding.post(`/api/items/${item.id}/open`)));
    expect(opens.filter((o) => o.status === 200)).toHaveLength(1);
    // Refused as a conflict with the new state — never a 500 from an unrecognised D1 error.
    for (const o of opens.filter((o) => o.status !== 200)) expect(o.status, JSON.stringify(o.body)).toBe(409);
    const keys = await fetcher(`/api/items/${item.id}/keys`);
    expect(await keys.json()).toMatchObject({ round: 1, status: 'open' });
  });

  it('one token per member per vote: concurrent token requests with different blinded points', async () => {
    const { members, item } = await openItem();
    const attempts = await Promise.allSettled(Array.from({ length: 5 }, () => members[0]!.requestToken(item.id)));
    const won = attempts.filter((a) => a.status === 'fulfilled');
    const lost = attempts.filter((a): a is PromiseRejectedResult => a.status === 'rejected');
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(4);
    for (const l of lost) {
      expect(l.reason).toBeInstanceOf(HttpError);
      expect((l.reason as HttpError).status).toBe(409);
      expect((l.reason as HttpError).body).toMatchObject({ code: 'token_already_issued' });
    }
    const progress = await fetcher(`/api/items/${item.id}/progress`);
    expect(await progress.json()).toMatchObject({ issued: 1, cast: 0 });
  });

  it('one ballot per token: concurrent casts of different ballots under one token', async () => {
    const { members, item, nominee, presiding } = await openItem();
    const token = await members[0]!.requestToken(item.id);
    const choices: Choice[] = ['approve', 'disapprove', 'abstain', 'approve', 'disapprove'];
    const casts = await Promise.all(choices.map((choice) => TabletClient.cast(fetcher, TabletClient.ballot(token, { [nominee]: choice }))));
    const stored = casts.filter((c) => c.status === 201);
    expect(stored).toHaveLength(1);
    // The losers are refused, or — when identical to the winner — answered with its receipt.
    for (const c of casts.filter((c) => c.status !== 201)) {
      if (c.status === 200) expect(c.body.receipt).toBe(stored[0]!.body.receipt);
      else expect(c).toMatchObject({ status: 409, body: { code: 'ballot_conflict' } });
    }
    expect((await presiding.post(`/api/items/${item.id}/close`)).status).toBe(200);
    const result = await presiding.get(`/api/items/${item.id}/result`);
    expect(result.body.A).toMatchObject({ issued: 1, cast: 1 });
  });

  it('an identical ballot sent many times at once is stored once, every answer with its receipt', async () => {
    const { members, item, nominee } = await openItem();
    const ballot = TabletClient.ballot(await members[1]!.requestToken(item.id), { [nominee]: 'approve' });
    const casts = await Promise.all(Array.from({ length: 5 }, () => TabletClient.cast(fetcher, ballot)));
    expect(casts.filter((c) => c.status === 201)).toHaveLength(1);
    expect(casts.filter((c) => c.status === 200)).toHaveLength(4);
    expect(new Set(casts.map((c) => c.body.receipt)).size).toBe(1);
    const progress = await fetcher(`/api/items/${item.id}/progress`);
    expect(await progress.json()).toMatchObject({ issued: 1, cast: 1 });
  });
});
