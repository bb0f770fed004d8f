/**
 * Co-issuance on Workers + D1 (docs/coissuance.md §4): the co-issuer long-polls the Worker, whose
 * waits read the D1 rows again (no in-memory hub across isolates); a token request waits for the
 * co-issuer's answer the same way. A whole co-issued meeting, through SELF.fetch only: the
 * co-issuer drops off mid-vote (the tablet is answered 202 and asks again), comes back, and the
 * record the Worker seals passes the verifier's co-issuance checks.
 */
import { SELF } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { generateCoissuerKey, parseCoissuerSignerKey } from '../../crypto/coissuer-statements';
import { parseEntry } from '../../crypto/log-entry';
import { seedKeys } from '../../src/coissuer/core';
import { Coissuer, CoissuerApiError, type CoissuerEvent } from '../../src/coissuer/driver';
import type { AppDeps } from '../../src/deps';
import { TabletClient, type Fetcher } from '../../src/demo/tablet-client';
import { verifyRecord } from '../../src/verifier';
import { seedMeeting, signIn } from '../support/seed';
import { d1Db } from './env';
import { BASE, loginAgent, seedOfficer } from './officers';

const fetcher: Fetcher = (path, init) => SELF.fetch(`${BASE}${path}`, init);
const seedDeps = () => ({ deps: { db: d1Db(), now: () => new Date() } as unknown as AppDeps });

async function agent(role: 'presiding' | 'inspector') {
  const a = await loginAgent(await seedOfficer(role));
  const headers = { cookie: a.cookie, 'x-csrf-token': a.csrf, 'content-type': 'application/json' };
  return {
    headers,
    async send(method: string, path: string, body?: unknown): Promise<{ status: number; body: any }> {
      const res = await fetcher(path, { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
      return { status: res.status, body: await res.json() };
    },
  };
}

describe('a co-issued meeting on the Worker', () => {
  it('registers, seats by the officer, issues with both partials, logs the rolls, ends', async () => {
    const m = await seedMeeting(seedDeps(), { members: 4, observers: 1, items: [{ nominees: 1 }], issuance: 'coissued' });
    const presiding = await agent('presiding');
    const inspector = await agent('inspector');
    const item = m.items[0]!;
    const identity = parseCoissuerSignerKey(generateCoissuerKey('sealvote-coissuer-worker').signerKey);
    let saved: string | null = null;
    const listeners = new Set<(e: CoissuerEvent) => void>();
    const next = (match: (e: CoissuerEvent) => boolean) =>
      new Promise<CoissuerEvent>((resolve) => {
        const l = (e: CoissuerEvent) => {
          if (match(e)) {
            listeners.delete(l);
            resolve(e);
          }
        };
        listeners.add(l);
      });
    const coissuer = new Coissuer({
      api: async (method, path, body) => {
        const r = await inspector.send(method, path, body);
        if (r.status >= 400) throw new CoissuerApiError(r.status, r.body.code, String(r.body.detail ?? r.body.title));
        return r.body;
      },
      meetingId: m.meetingId,
      keys: seedKeys(identity),
      store: { load: async () => (saved ? JSON.parse(saved) : null), save: async (s) => void (saved = JSON.stringify(s)) },
      onEvent: (e) => listeners.forEach((l) => l(e)),
      waitS: 1,
      retryMs: 50,
    });
    // Not registered yet: the meeting does not open.
    expect(await presiding.send('POST', `/api/meetings/${m.meetingId}/open`)).toMatchObject({ status: 409, body: { code: 'coissuer_not_registered' } });
    await coissuer.init();
    const tablets: TabletClient[] = [];
    for (const p of m.members.slice(0, 3)) tablets.push(new TabletClient(fetcher, await signIn(seedDeps(), m.meetingId, p), 'A', 50));
    for (const p of m.members.slice(0, 3)) await coissuer.confirm(p);
    let loop = coissuer.run();
    try {
      const keys = next((e) => e.type === 'keys');
      expect((await presiding.send('POST', `/api/meetings/${m.meetingId}/open`)).status).toBe(200);
      expect(await keys).toMatchObject({ count: 2 });
      const opened = await presiding.send('POST', `/api/items/${item.id}/open`);
      expect(opened.status, JSON.stringify(opened.body)).toBe(200);
      expect(opened.body.present).toEqual({ A: 3, B: 0 });
      for (const t of tablets.slice(0, 2)) await t.vote(item.id, { [item.nomineeIds[0]!]: 'approve' });
      // The co-issuer drops off mid-vote: the third tablet's request waits (202, with the reason),
      // the tablet asks again with the same blinded point, and gets its token once it is back.
      coissuer.stop();
      await loop;
      let waited!: (reason: string) => void;
      const sawWait = new Promise<string>((resolve) => (waited = resolve));
      const third = new TabletClient(fetcher, tablets[2]!.bearer, 'A', 50, (w) => waited(w.reason));
      const cast = third.vote(item.id, { [item.nomineeIds[0]!]: 'approve' });
      expect(['awaiting_coissuer', 'coissuer_offline']).toContain(await sawWait);
      (coissuer as unknown as { stopped: boolean }).stopped = false;
      loop = coissuer.run();
      expect(await cast).toMatch(/^[0-9a-f]{64}$/);
      const roll = next((e) => e.type === 'roll');
      expect((await presiding.send('POST', `/api/items/${item.id}/close`)).status).toBe(200);
      expect(await roll).toMatchObject({ class: 'A', issued: 3, matchesService: true });
      expect((await presiding.send('POST', `/api/items/${item.id}/announce`)).status).toBe(200);
      const ended = await presiding.send('POST', `/api/meetings/${m.meetingId}/close`);
      expect(ended.status, JSON.stringify(ended.body)).toBe(200);
      const record = await presiding.send('GET', `/api/meetings/${m.meetingId}/record`);
      const types = (record.body.entries as string[]).map((e) => (parseEntry(new TextEncoder().encode(e)) as { type: string }).type);
      // One roll per class of the vote: A (3 issued) and B (no observer came).
      expect(types.filter((t) => t === 'coissued')).toHaveLength(2);
      expect(types.filter((t) => t === 'ballot')).toHaveLength(3);
      // What the Worker sealed passes every check, the co-issuance ones included.
      const report = verifyRecord(record.body);
      expect(report.checks.filter((c) => c.status !== 'pass')).toEqual([]);
      expect(report.issuance).toMatchObject({ mode: 'coissued', coissuer: identity.verifierKey });
    } finally {
      coissuer.stop();
      await loop;
    }
  });
});
