/**
 * The co-issuer's work view names whose meeting it is and each person's roster kind, so the
 * commission's page and terminal word a full committee's people as the committee has them (R13):
 * 委员 (A), 候补委员 and 列席 (B) — not the standing committee's 常委 and 列席.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { generateCoissuerKey } from '../../../crypto/coissuer-statements';
import { makeTestApp, type TestApp } from '../../support/app';
import { officerAgent } from '../../support/officers';
import { prepareMeeting } from '../../support/prepare';

let t: TestApp | undefined;
afterEach(() => t?.close());

async function workOf(committeeKind: 'standing' | 'full') {
  t = makeTestApp();
  const p = await prepareMeeting(t, { committeeKind, issuance: 'coissued', members: 3, observers: 1, alternates: committeeKind === 'full' ? 2 : 0, items: [{ nominees: 1 }] });
  const inspector = await officerAgent(t, 'inspector');
  const { verifierKey } = generateCoissuerKey('sealvote-coissuer-test');
  const reg = await t.app.request(`/api/meetings/${p.meetingId}/coissuer`, { method: 'PUT', headers: inspector.headers(), body: JSON.stringify({ verifierKey }) });
  expect(reg.status, await reg.clone().text()).toBe(200);
  const res = await t.app.request(`/api/meetings/${p.meetingId}/coissuer/work`, { headers: inspector.headers() });
  expect(res.status).toBe(200);
  return (await res.json()) as { committee: { kind: string }; roster: Array<{ class: string; kind: string }> };
}

const kinds = (roster: Array<{ class: string; kind: string }>) => roster.map((r) => `${r.class}:${r.kind}`).sort();

describe("the co-issuer's work view", () => {
  it("a full committee's: committee kind full, members A, alternates and observers B", async () => {
    const w = await workOf('full');
    expect(w.committee).toEqual({ kind: 'full' });
    expect(kinds(w.roster)).toEqual(['A:member', 'A:member', 'A:member', 'B:alternate', 'B:alternate', 'B:observer']);
  });

  it("a standing committee's: committee kind standing, members A, observers B", async () => {
    const w = await workOf('standing');
    expect(w.committee).toEqual({ kind: 'standing' });
    expect(kinds(w.roster)).toEqual(['A:member', 'A:member', 'A:member', 'B:observer']);
  });
});
