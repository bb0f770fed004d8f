/**
 * Issue 15: an item's result (GET /api/items/:id/result, what the projector and the console
 * show) names the committee policies that decided it, so the pages can print R2's majority, R3's
 * bar and R10's motion threshold as the committee chose them.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../../support/app';
import { ballots, committee } from '../committee-harness';

let t: TestApp;
afterEach(() => t?.close());

describe('the result names its policies', () => {
  it('a committee on 000 and 002 policies: the result carries them, and the tally logs the majority and bar', async () => {
    t = makeTestApp();
    const c = await committee(t, { members: 6, policies: { majority: 'half-or-more', bar: 'not-approved', motion: 'half-or-more' } });
    const post = await c.post('县审计局', '局长');
    const x = await c.nominee('秦思远', '1983-06-21');
    await c.at('2027-11-03T09:00:00+08:00');
    const m = await c.meeting('2027-11-03', '第 21 次会议');
    const item = (await c.item(m, { title: '任命秦思远为县审计局局长', postId: post, nomineeIds: [x] })).body;
    expect((await c.presiding('POST', `/api/meetings/${m}/open`)).status).toBe(200);
    const tablets = await c.signIn(m, 6);
    await c.vote(item.id, tablets, ballots(x, { approve: 3, disapprove: 3 }));
    const res = await t.app.request(`/api/items/${item.id}/result`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { policies: unknown; A: { rule: unknown; nominees: Array<{ approved: boolean }> } };
    expect(body.policies).toEqual({ ratio: 'proportional', majority: 'half-or-more', bar: 'not-approved', motion: 'half-or-more' });
    expect(body.A.rule).toMatchObject({ majority: 'half-or-more', barRule: 'not-approved' });
    // 3 of 6 due is half: approved under 000's "half or more".
    expect(body.A.nominees[0]!.approved).toBe(true);
  });
});
