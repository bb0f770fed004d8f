/**
 * One committee over several meetings, through the API only, as a clerk and a presiding
 * officer would work: roster, posts and nominees once; then meetings on chosen dates, each
 * opened on its day (the test clock is set to it), with tablets signed in from printed slips.
 * For the rules that span meetings: bars (R3), the meeting's date (R14), one person (R15).
 */
import { expect } from 'vitest';
import type { Choice } from '../../crypto/ballot';
import type { TestApp } from '../support/app';
import { loginAs, officerAgent } from '../support/officers';
import { signInWithSlip } from '../support/prepare';
import { fetcherOf, TabletClient } from '../support/tablet';
import { caller, type Caller } from './prepare/helpers';

export interface Reply {
  status: number;
  body: any;
}

export interface CommitteeHarness {
  t: TestApp;
  committeeId: string;
  members: string[];
  clerk: Caller;
  presiding: Caller;
  /** Moves the test clock and logs both officers in again (sessions last 8 hours). */
  at(instant: string): Promise<void>;
  /** Adds a post and returns its id. */
  post(unit: string, title?: string): Promise<string>;
  /** Registers a nominee and returns its id (fails the test unless 201). */
  nominee(name: string, birthDate?: string): Promise<string>;
  /** A draft meeting on `date` (the clock must allow it); returns its id. */
  meeting(date: string, title?: string): Promise<string>;
  item(meetingId: string, body: Record<string, unknown>): ReturnType<Caller>;
  /** Prints the slips and signs the first n members in; returns their tablets in roster order. */
  signIn(meetingId: string, n: number): Promise<TabletClient[]>;
  /** Opens the item, each tablet casts its ballot, closes, announces; returns the result. */
  vote(itemId: string, tablets: TabletClient[], ballots: Array<Record<string, Choice>>, opts?: { announce?: boolean }): Promise<any>;
}

export async function committee(
  t: TestApp,
  spec: { members: number; observers?: number; timeZone?: string; policies?: Record<string, string>; barRule?: string; clerk?: string; presiding?: string },
): Promise<CommitteeHarness> {
  const names = { clerk: spec.clerk ?? 'clerk', presiding: spec.presiding ?? 'presiding' };
  const agents = { clerk: await officerAgent(t, 'clerk', names.clerk), presiding: await officerAgent(t, 'presiding', names.presiding) };
  const clerk: Caller = (...args) => caller(t, agents.clerk)(...args);
  const presiding: Caller = (...args) => caller(t, agents.presiding)(...args);
  const created = await clerk('POST', '/api/committees', {
    name: '中共某县委常委会',
    ...(spec.timeZone ? { timeZone: spec.timeZone } : {}),
    ...(spec.barRule ? { barRule: spec.barRule } : {}),
    ...(spec.policies ? { policies: spec.policies } : {}),
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const committeeId = created.body.id as string;
  const members: string[] = [];
  for (let i = 1; i <= spec.members; i++) {
    const r = await clerk('POST', `/api/committees/${committeeId}/persons`, { kind: 'member', name: `委员${i}`, unit: '县委', title: '常委' });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    members.push(r.body.id);
  }
  for (let i = 1; i <= (spec.observers ?? 0); i++) {
    const r = await clerk('POST', `/api/committees/${committeeId}/persons`, { kind: 'observer', name: `列席${i}`, unit: '县政府', title: '副县长' });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
  }
  const ok = (r: Reply, status = 201) => {
    expect(r.status, JSON.stringify(r.body)).toBe(status);
    return r.body;
  };
  return {
    t,
    committeeId,
    members,
    clerk,
    presiding,
    async at(instant) {
      t.clock.set(instant);
      agents.clerk = await loginAs(t.app, names.clerk);
      agents.presiding = await loginAs(t.app, names.presiding);
    },
    post: async (unit, title = '局长') => ok(await clerk('POST', `/api/committees/${committeeId}/posts`, { unit, title })).id,
    nominee: async (name, birthDate = '1979-08-23') =>
      ok(await clerk('POST', `/api/committees/${committeeId}/nominees`, { name, birthDate, currentPost: '某镇党委书记', resume: `${name}的简历。` })).id,
    meeting: async (date, title = `${date} 常委会`) => ok(await clerk('POST', '/api/meetings', { committeeId, date, title })).meeting.id,
    item: async (meetingId, body) => clerk('POST', `/api/meetings/${meetingId}/items`, { title: '议题', ...body }),
    async signIn(meetingId, n) {
      const slips = ok(await clerk('POST', `/api/meetings/${meetingId}/slips`), 200).slips as Array<{ personId: string; code: string; class: string }>;
      const byPerson = new Map(slips.map((s) => [s.personId, s.code]));
      const tablets: TabletClient[] = [];
      for (const person of members.slice(0, n)) {
        tablets.push(new TabletClient(fetcherOf(t), await signInWithSlip(t, meetingId, byPerson.get(person)!), 'A'));
      }
      return tablets;
    },
    async vote(itemId, tablets, ballots, opts = {}) {
      ok(await presiding('POST', `/api/items/${itemId}/open`), 200);
      for (const [i, tablet] of tablets.entries()) if (ballots[i]) await tablet.vote(itemId, ballots[i]!);
      const closed = ok(await presiding('POST', `/api/items/${itemId}/close`), 200);
      if (opts.announce ?? true) ok(await presiding('POST', `/api/items/${itemId}/announce`), 200);
      return closed.result;
    },
  };
}

/** n ballots giving `choice` to one nominee. */
export function ballots(nominee: string, counts: Partial<Record<Choice, number>>): Array<Record<string, Choice>> {
  const out: Array<Record<string, Choice>> = [];
  for (const choice of ['approve', 'disapprove', 'abstain'] as const) {
    for (let i = 0; i < (counts[choice] ?? 0); i++) out.push({ [nominee]: choice });
  }
  return out;
}
