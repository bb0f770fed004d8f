// Committee kinds (常委会 / 全委会) and alternate members (候补委员): docs/full-committee.md §1, R4, R13.
import { afterEach, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../../support/app';
import { officerAgent } from '../../support/officers';
import { caller, expectRefused, type Caller } from './helpers';

let t: TestApp;
let clerk: Caller;
afterEach(() => t?.close());

async function setUp() {
  t = makeTestApp();
  clerk = caller(t, await officerAgent(t, 'clerk'));
}

describe('committee kinds (R13)', () => {
  it('a committee is a standing committee unless said; a full committee names its standing committee', async () => {
    await setUp();
    const standing = await clerk('POST', '/api/committees', { name: '中共某区委常委会' });
    expect(standing.status).toBe(201);
    expect(standing.body).toMatchObject({ kind: 'standing', standingCommitteeId: null });
    const full = await clerk('POST', '/api/committees', { name: '中共某区委全委会', kind: 'full', standingCommitteeId: standing.body.id });
    expect(full.status).toBe(201);
    expect(full.body).toMatchObject({ kind: 'full', standingCommitteeId: standing.body.id });
    expect((await clerk('GET', `/api/committees/${full.body.id}`)).body.kind).toBe('full');
  });

  it("a full committee decides by 000's rule unless the clerk chose otherwise: half or more of those due (R13)", async () => {
    await setUp();
    const standing = await clerk('POST', '/api/committees', { name: '中共某区委常委会' });
    expect(standing.body.policies.majority).toBe('more-than-half');
    const full = await clerk('POST', '/api/committees', { name: '中共某区委全委会', kind: 'full' });
    expect(full.body.policies).toEqual({ ratio: 'proportional', majority: 'half-or-more', bar: 'disapprove-half', motion: 'more-than-half' });
    const chosen = await clerk('POST', '/api/committees', { name: '中共某县委全委会', kind: 'full', policies: { majority: 'more-than-half' } });
    expect(chosen.body.policies.majority).toBe('more-than-half');
    const catalogue = await clerk('GET', '/api/policies');
    expect(catalogue.body.fullCommitteeDefaults.majority).toBe('half-or-more');
  });

  it('refuses a standing committee that names one, a full committee as the nominating one, and unknown kinds', async () => {
    await setUp();
    const standing = (await clerk('POST', '/api/committees', { name: '常委会' })).body;
    const full = (await clerk('POST', '/api/committees', { name: '全委会', kind: 'full' })).body;
    await expectRefused(t, () => clerk('POST', '/api/committees', { name: 'x', kind: 'standing', standingCommitteeId: standing.id }), 400, 'validation_failed');
    await expectRefused(t, () => clerk('POST', '/api/committees', { name: 'x', kind: 'full', standingCommitteeId: full.id }), 422, 'rule_violation');
    await expectRefused(t, () => clerk('POST', '/api/committees', { name: 'x', kind: 'full', standingCommitteeId: 'cmt_nope' }), 404, 'not_found');
    await expectRefused(t, () => clerk('POST', '/api/committees', { name: 'x', kind: 'plenary' }), 400, 'validation_failed');
  });
});

describe('alternate members (候补委员)', () => {
  it('a standing committee has none: adding one, or turning a member into one, is refused', async () => {
    await setUp();
    const standing = (await clerk('POST', '/api/committees', { name: '常委会' })).body;
    await expectRefused(t, () => clerk('POST', `/api/committees/${standing.id}/persons`, { kind: 'alternate', name: '候补甲', unit: '某镇', title: '书记' }), 422, 'rule_violation');
    const member = (await clerk('POST', `/api/committees/${standing.id}/persons`, { kind: 'member', name: '常委甲', unit: '县委', title: '常委' })).body;
    await expectRefused(t, () => clerk('PATCH', `/api/persons/${member.id}`, { kind: 'alternate' }), 422, 'rule_violation');
  });

  it('in a full committee they are on the roster, class B with role alternate, never due', async () => {
    await setUp();
    const full = (await clerk('POST', '/api/committees', { name: '全委会', kind: 'full' })).body;
    for (let i = 1; i <= 7; i++) await clerk('POST', `/api/committees/${full.id}/persons`, { kind: 'member', name: `委员${i}`, unit: '区委', title: '委员' });
    const alt = await clerk('POST', `/api/committees/${full.id}/persons`, { kind: 'alternate', name: '候补委员甲', unit: '某街道', title: '党工委书记' });
    expect(alt.status).toBe(201);
    expect(alt.body.kind).toBe('alternate');
    await clerk('POST', `/api/committees/${full.id}/persons`, { kind: 'observer', name: '列席甲', unit: '区人大', title: '主任' });
    const meeting = await clerk('POST', '/api/meetings', { committeeId: full.id, date: '2026-03-02', title: '区委全委会第 4 次全体会议' });
    expect(meeting.status).toBe(201);
    const roles = meeting.body.attendees.map((a: { class: string; kind: string }) => `${a.class}:${a.kind}`);
    expect(roles.filter((r: string) => r === 'A:member')).toHaveLength(7);
    expect(roles).toContain('B:alternate');
    expect(roles).toContain('B:observer');
    // A draft meeting follows a roster fix, role included.
    await clerk('PATCH', `/api/persons/${alt.body.id}`, { kind: 'observer' });
    const again = await clerk('GET', `/api/meetings/${meeting.body.meeting.id}`);
    expect(again.body.attendees.find((a: { personId: string }) => a.personId === alt.body.id)).toMatchObject({ class: 'B', kind: 'observer' });
  });
});
