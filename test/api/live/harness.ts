/** A live meeting under test: seeded rows, a presiding officer's session, tablets, and verbs. */
import { expect } from 'vitest';
import type { Choice } from '../../../crypto/ballot';
import type { AppDeps } from '../../../src/deps';
import { makeTestApp, type TestApp } from '../../support/app';
import type { ServiceConfig } from '../../../src/config';
import { officerAgent, type OfficerAgent } from '../../support/officers';
import { seedMeeting, type MeetingSpec, type SeededMeeting } from '../../support/seed';
import { tablets, TabletClient } from '../../support/tablet';

export interface Live {
  t: TestApp;
  m: SeededMeeting;
  presiding: OfficerAgent;
  post(path: string, body?: unknown): Promise<{ status: number; body: any }>;
  get(path: string, headers?: Record<string, string>): Promise<{ status: number; body: any }>;
  /** Signs in the first n members (and first o observers) and returns their tablets. */
  signIn(n: number, o?: number): Promise<{ members: TabletClient[]; observers: TabletClient[] }>;
  /** Each tablet votes; `choices[i]` is tablet i's ballot. */
  voteAll(itemId: string, voters: TabletClient[], choices: Array<Record<string, Choice>>): Promise<string[]>;
  closeAndRead(itemId: string): Promise<any>;
}

/** `path`: a database file instead of memory (what a copied data directory holds, test/faults). */
export async function liveMeeting(spec: MeetingSpec & { at?: string; castCrypto?: AppDeps['castCrypto']; ed25519?: AppDeps['ed25519']; config?: Partial<ServiceConfig>; path?: string }): Promise<Live> {
  const t = makeTestApp({ ...(spec.castCrypto ? { castCrypto: spec.castCrypto } : {}), ...(spec.ed25519 ? { ed25519: spec.ed25519 } : {}), ...(spec.config ? { config: spec.config } : {}), ...(spec.path ? { path: spec.path } : {}) });
  if (spec.at) t.clock.set(spec.at);
  const m = await seedMeeting(t, spec);
  const presiding = await officerAgent(t, 'presiding');
  const post = async (path: string, body?: unknown) => {
    const res = await t.app.request(path, {
      method: 'POST',
      headers: presiding.headers(),
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: res.status, body: await res.json() };
  };
  const get = async (path: string, headers: Record<string, string> = {}) => {
    const res = await t.app.request(path, { headers });
    return { status: res.status, body: await res.json() };
  };
  const live: Live = {
    t,
    m,
    presiding,
    post,
    get,
    async signIn(n, o = 0) {
      return {
        members: await tablets(t, m.meetingId, m.members.slice(0, n), 'A'),
        observers: await tablets(t, m.meetingId, m.observers.slice(0, o), 'B'),
      };
    },
    async voteAll(itemId, voters, choices) {
      const receipts: string[] = [];
      for (const [i, tablet] of voters.entries()) receipts.push(await tablet.vote(itemId, choices[i]!));
      return receipts;
    },
    async closeAndRead(itemId) {
      const closed = await post(`/api/items/${itemId}/close`);
      expect(closed.status, JSON.stringify(closed.body)).toBe(200);
      const result = await get(`/api/items/${itemId}/result`, { cookie: presiding.cookie });
      expect(result.status, JSON.stringify(result.body)).toBe(200);
      return result.body;
    },
  };
  return live;
}

/** n ballots giving `choice` to one nominee (plain items). */
export function ballotsOf(nominee: string, counts: Partial<Record<Choice, number>>): Array<Record<string, Choice>> {
  const out: Array<Record<string, Choice>> = [];
  for (const choice of ['approve', 'disapprove', 'abstain'] as const) {
    for (let i = 0; i < (counts[choice] ?? 0); i++) out.push({ [nominee]: choice });
  }
  return out;
}
