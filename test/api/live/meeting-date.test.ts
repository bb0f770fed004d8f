/** R14: a meeting opens only on its own date; every date the rules use is that date (issue 15, defect 1). */
import { afterEach, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../../support/app';
import { ballots, committee } from '../committee-harness';
import { expectRefused } from '../prepare/helpers';

let t: TestApp;
afterEach(() => t?.close());

describe('R14: the meeting\'s date', () => {
  it('a bar cannot be dodged by dating a meeting in the future: it opens only on its day, and the bar is dated by the meeting', async () => {
    t = makeTestApp();
    const c = await committee(t, { members: 13 });
    const post = await c.post('县交通运输局');
    const x = await c.nominee('赵立新');
    // A meeting dated 29 February 2032 runs past midnight: its bar is dated by the meeting, not the clock.
    await c.at('2032-02-29T22:10:00+08:00');
    const first = await c.meeting('2032-02-29');
    const item = (await c.item(first, { postId: post, nomineeIds: [x] })).body;
    expect((await c.presiding('POST', `/api/meetings/${first}/open`)).status).toBe(200);
    const tablets = await c.signIn(first, 13);
    await c.presiding('POST', `/api/items/${item.id}/open`);
    for (const [i, b] of ballots(x, { approve: 5, disapprove: 7, abstain: 1 }).entries()) await tablets[i]!.vote(item.id, b);
    await c.at('2032-03-01T00:05:00+08:00');
    const closed = await c.presiding('POST', `/api/items/${item.id}/close`);
    expect(closed.body.result.bars).toEqual([{ nominee: x, post, voteDate: '2032-02-29', liftsOn: '2033-03-01', rule: 'disapprove-half' }]);
    await c.presiding('POST', `/api/items/${item.id}/announce`);
    expect((await c.presiding('POST', `/api/meetings/${first}/close`)).status).toBe(200);

    // Nine days later the clerk prepares a meeting dated the day the bar lifts, and another the day before.
    await c.at('2032-03-10T09:00:00+08:00');
    const dayBefore = await c.meeting('2033-02-28');
    await expectRefused(t, () => c.item(dayBefore, { postId: post, nomineeIds: [x] }), 422, 'nominee_barred');
    const future = await c.meeting('2033-03-01');
    expect((await c.item(future, { postId: post, nomineeIds: [x] })).status).toBe(201);
    // ...but it cannot be opened before its day: X is not approved a year early.
    const early = await expectRefused(t, () => c.presiding('POST', `/api/meetings/${future}/open`), 422, 'meeting_not_today');
    expect(early).toMatchObject({ date: '2033-03-01', today: '2032-03-10', timeZone: 'Asia/Shanghai' });
    // Nor can a meeting be dated in the past.
    await expectRefused(t, () => c.clerk('POST', '/api/meetings', { committeeId: c.committeeId, date: '2032-03-09', title: 'x' }), 422, 'meeting_date_passed');
    // On the day itself (in Shanghai) it opens.
    await c.at('2033-02-28T16:00:00Z');
    expect((await c.presiding('POST', `/api/meetings/${future}/open`)).status).toBe(200);
  });

  it('"today" is the committee\'s own calendar day', async () => {
    t = makeTestApp();
    const c = await committee(t, { members: 9, timeZone: 'America/Los_Angeles' });
    await c.at('2031-07-04T10:00:00+08:00'); // 3 July, 19:00 in Los Angeles
    const m = await c.meeting('2031-07-04');
    await expectRefused(t, () => c.presiding('POST', `/api/meetings/${m}/open`), 422, 'meeting_not_today');
    expect((await c.clerk('POST', '/api/meetings', { committeeId: c.committeeId, date: '2031-07-03', title: 'x' })).status).toBe(201);
    await c.at('2031-07-04T07:00:00-07:00');
    expect((await c.presiding('POST', `/api/meetings/${m}/open`)).status).toBe(200);
  });

  it('checks every nominee against the bars again when the meeting opens', async () => {
    t = makeTestApp();
    const c = await committee(t, { members: 8 });
    const post = await c.post('县水利局');
    const y = await c.nominee('钱晓燕', '1983-11-02');
    await c.at('2030-10-14T09:00:00+08:00');
    const later = await c.meeting('2030-10-21');
    const laterItem = (await c.item(later, { postId: post, nomineeIds: [y] })).body;
    // After Y is put on the later agenda, today's meeting rejects Y for the same post.
    const today = await c.meeting('2030-10-14');
    const item = (await c.item(today, { postId: post, nomineeIds: [y] })).body;
    await c.presiding('POST', `/api/meetings/${today}/open`);
    const tablets = await c.signIn(today, 8);
    const result = await c.vote(item.id, tablets, ballots(y, { approve: 2, disapprove: 4, abstain: 2 }));
    expect(result.bars).toEqual([expect.objectContaining({ nominee: y, voteDate: '2030-10-14', liftsOn: '2031-10-14' })]);
    await c.presiding('POST', `/api/meetings/${today}/close`);

    await c.at('2030-10-21T08:00:00+08:00');
    const refused = await expectRefused(t, () => c.presiding('POST', `/api/meetings/${later}/open`), 422, 'nominee_barred');
    expect(refused).toMatchObject({ nomineeId: y, postId: post, itemId: laterItem.id, liftsOn: '2031-10-14' });
  });

  it('moving a meeting after its slips are printed re-issues them: old codes and tablet sessions die, bars are checked on the new date', async () => {
    t = makeTestApp();
    const c = await committee(t, { members: 7 });
    const post = await c.post('县教育局');
    const z = await c.nominee('孙海波', '1976-04-30');
    await c.at('2029-05-06T09:00:00+08:00');
    const m = await c.meeting('2029-05-20', '第 9 次会议');
    await c.item(m, { postId: post, nomineeIds: [z] });
    const printed = (await c.clerk('POST', `/api/meetings/${m}/slips`)).body.slips as Array<{ personId: string; code: string }>;
    expect(printed).toHaveLength(7);
    const signedIn = await t.app.request(`/api/meetings/${m}/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ code: printed[0]!.code }),
    });
    const bearer = ((await signedIn.json()) as { tabletToken: string }).tabletToken;

    await expectRefused(t, () => c.clerk('PATCH', `/api/meetings/${m}`, { date: '2029-05-05' }), 422, 'meeting_date_passed');
    await expectRefused(t, () => c.clerk('PATCH', `/api/meetings/${m}`, {}), 400, 'validation_failed');
    // A bar on Z that holds on the new date but not on the old one refuses the move.
    t.handle.sqlite
      .prepare(`INSERT INTO bars (id, committee_id, nominee_id, post_id, vote_date, lifts_on, rule, created_at) VALUES ('bar_z', ?, ?, ?, '2028-05-13', '2029-05-13', 'disapprove-half', 0)`)
      .run(c.committeeId, z, post);
    await expectRefused(t, () => c.clerk('PATCH', `/api/meetings/${m}`, { date: '2029-05-12' }), 422, 'nominee_barred');

    const moved = await c.clerk('PATCH', `/api/meetings/${m}`, { date: '2029-05-13', title: '第 9 次会议（改期）' });
    expect(moved.status, JSON.stringify(moved.body)).toBe(200);
    expect(moved.body).toMatchObject({ meeting: { date: '2029-05-13', title: '第 9 次会议（改期）' }, slipsVoided: 7 });
    expect(moved.body.attendees.every((a: { slip: string; present: boolean }) => a.slip === 'none' && !a.present)).toBe(true);
    const oldCode = await t.app.request(`/api/meetings/${m}/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ code: printed[1]!.code }),
    });
    expect(oldCode.status).toBe(401);
    expect((await t.app.request('/api/tablet/me', { headers: { authorization: `Bearer ${bearer}` } })).status).toBe(401);
    expect((await c.clerk('POST', `/api/meetings/${m}/slips`)).body.slips).toHaveLength(7);
    // A title alone voids nothing.
    expect((await c.clerk('PATCH', `/api/meetings/${m}`, { title: '第 9 次会议' })).body.slipsVoided).toBe(0);

    await c.at('2029-05-13T08:00:00+08:00');
    expect((await c.presiding('POST', `/api/meetings/${m}/open`)).status).toBe(200);
    await expectRefused(t, () => c.clerk('PATCH', `/api/meetings/${m}`, { date: '2029-05-14' }), 409, 'meeting_locked');
  });
});
