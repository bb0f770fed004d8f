/**
 * The committee's policies (issue 15; rules.md R2, R3, R8, R10): chosen when the committee is
 * set up, shown with their source, and applied when the clerk builds an agenda (R8's ratio).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../../support/app';
import { officerAgent } from '../../support/officers';
import { caller, expectRefused, type Caller } from './helpers';

let t: TestApp;
afterEach(() => t?.close());

async function clerkOf(): Promise<Caller> {
  t = makeTestApp();
  return caller(t, await officerAgent(t, 'clerk'));
}

/** A committee of 7 with `policies`, a meeting on 2027-06-08, one post and `n` nominees. */
async function agendaOf(clerk: Caller, policies: Record<string, string> | undefined, n: number) {
  const committee = (await clerk('POST', '/api/committees', { name: '中共某县委常委会', ...(policies ? { policies } : {}) })).body;
  for (let i = 1; i <= 7; i++) await clerk('POST', `/api/committees/${committee.id}/persons`, { kind: 'member', name: `常委${i}`, unit: '县委', title: '常委' });
  const meeting = (await clerk('POST', '/api/meetings', { committeeId: committee.id, date: '2027-06-08', title: '常委会第 7 次会议' })).body.meeting;
  const post = (await clerk('POST', `/api/committees/${committee.id}/posts`, { unit: '县水利局', title: '副局长' })).body;
  const nominees: string[] = [];
  for (let i = 0; i < n; i++) {
    nominees.push((await clerk('POST', `/api/committees/${committee.id}/nominees`, { name: `人选${i + 1}`, birthDate: `198${i}-04-1${i}`, currentPost: '某镇镇长', resume: '1999 年参加工作。' })).body.id);
  }
  const add = (count: number, seats: number, openSelection = false) =>
    clerk('POST', `/api/meetings/${meeting.id}/items`, { title: '差额推荐副局长', postId: post.id, nomineeIds: nominees.slice(0, count), seats, openSelection });
  return { committee, add };
}

describe('committee policies', () => {
  it('default to 001 and 000 as before; each can be chosen; the committee shows them', async () => {
    const clerk = await clerkOf();
    const plain = (await clerk('POST', '/api/committees', { name: '甲县委常委会' })).body;
    expect(plain.policies).toEqual({ ratio: 'proportional', majority: 'more-than-half', bar: 'disapprove-half', motion: 'more-than-half' });
    const chosen = await clerk('POST', '/api/committees', { name: '乙县委常委会', policies: { ratio: 'one-or-two-more', majority: 'half-or-more', bar: 'not-approved', motion: 'half-or-more' } });
    expect(chosen.status).toBe(201);
    expect(chosen.body).toMatchObject({ barRule: 'not-approved', policies: { ratio: 'one-or-two-more', majority: 'half-or-more', bar: 'not-approved', motion: 'half-or-more' } });
    expect((await clerk('GET', `/api/committees/${chosen.body.id}`)).body.policies).toEqual(chosen.body.policies);
    // barRule alone still works, and is policies.bar.
    expect((await clerk('POST', '/api/committees', { name: '丙县委常委会', barRule: 'not-approved' })).body.policies.bar).toBe('not-approved');
  });

  it('lists every choice with its default and its source in the seeds', async () => {
    const clerk = await clerkOf();
    const res = await clerk('GET', '/api/policies');
    expect(res.status).toBe(200);
    expect(res.body.defaults).toEqual({ ratio: 'proportional', majority: 'more-than-half', bar: 'disapprove-half', motion: 'more-than-half' });
    expect(res.body.choices.ratio).toEqual(['proportional', 'one-or-two-more']);
    expect(res.body.sources.ratio['one-or-two-more']).toMatchObject({ seed: '003', quote: expect.stringContaining('差额一人或两人') });
    expect(res.body.sources.majority['half-or-more']).toMatchObject({ seed: '000', quote: expect.stringContaining('半数以上') });
    expect(res.body.sources.motion['half-or-more']).toMatchObject({ seed: '002', quote: expect.stringContaining('一半以上') });
  });

  it('refuses an unknown choice, an unknown policy and a barRule that contradicts policies.bar', async () => {
    const clerk = await clerkOf();
    await expectRefused(t, () => clerk('POST', '/api/committees', { name: 'x', policies: { ratio: '1:2' } }), 400, 'validation_failed');
    await expectRefused(t, () => clerk('POST', '/api/committees', { name: 'x', policies: { quorum: 'half' } }), 400, 'validation_failed');
    await expectRefused(t, () => clerk('POST', '/api/committees', { name: 'x', policies: 'default' }), 400, 'validation_failed');
    await expectRefused(t, () => clerk('POST', '/api/committees', { name: 'x', barRule: 'not-approved', policies: { bar: 'disapprove-half' } }), 400, 'validation_failed');
  });
});

describe("R8 under the committee's ratio policy", () => {
  it("003's 差额一人或两人: 3 or 4 nominees for 2 posts, not 5 (open selection or not)", async () => {
    const clerk = await clerkOf();
    const { add } = await agendaOf(clerk, { ratio: 'one-or-two-more' }, 5);
    const five = await add(5, 2);
    expect(five.status).toBe(422);
    expect(five.body).toMatchObject({ code: 'competitive_ratio', nominees: 5, seats: 2, policy: 'one-or-two-more', required: 3, maximum: 4 });
    expect((await add(3, 2)).status).toBe(201);
    expect((await add(4, 2, true)).status).toBe(201);
  });

  it('the default 1:2 refuses 3 for 2 and asks at least 4, with no upper limit', async () => {
    const clerk = await clerkOf();
    const { add } = await agendaOf(clerk, undefined, 5);
    const three = await add(3, 2);
    expect(three.status).toBe(422);
    expect(three.body).toMatchObject({ code: 'competitive_ratio', policy: 'proportional', required: 4 });
    expect(three.body).not.toHaveProperty('maximum');
    expect((await add(5, 2)).status).toBe(201);
  });
});
