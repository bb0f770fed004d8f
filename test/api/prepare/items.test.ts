import { afterEach, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../../support/app';
import { prepareMeeting, type PreparedMeeting } from '../../support/prepare';
import { caller, expectRefused, type Caller } from './helpers';

let t: TestApp;
afterEach(() => t?.close());

let p: PreparedMeeting;
let clerk: Caller;

async function setup() {
  t = makeTestApp();
  p = await prepareMeeting(t, { members: 3, observers: 0, items: [], slips: false });
  clerk = caller(t, p.clerk);
}

async function post(unit = '县财政局', title = '局长'): Promise<string> {
  return (await clerk('POST', `/api/committees/${p.committeeId}/posts`, { unit, title })).body.id;
}

async function nominees(n: number, prefix = '人'): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    ids.push((await clerk('POST', `/api/committees/${p.committeeId}/nominees`, { name: `${prefix}${i}`, birthDate: '1980-01-01', currentPost: '科长', resume: '' })).body.id);
  }
  return ids;
}

const addItem = (body: Record<string, unknown>) => clerk('POST', `/api/meetings/${p.meetingId}/items`, { title: '议题', ...body });

function seedBar(nomineeId: string, postId: string, voteDate: string, liftsOn: string) {
  t.handle.sqlite
    .prepare(`INSERT INTO bars (id, committee_id, nominee_id, post_id, meeting_id, item_id, round, vote_date, lifts_on, rule, created_at)
              VALUES (?, ?, ?, ?, 'mtg_earlier0000000000000', 'itm_earlier0000000000000', 1, ?, ?, 'disapprove-half', 0)`)
    .run(`bar_${nomineeId.slice(4)}`, p.committeeId, nomineeId, postId, voteDate, liftsOn);
}

describe('items', () => {
  it('adds a plain item (one for one) at the end of the agenda, majority by default', async () => {
    await setup();
    const [n] = await nominees(1);
    const res = await addItem({ postId: await post(), nomineeIds: [n] });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ kind: 'plain', seats: 1, passRule: 'majority', openSelection: false, position: 1, status: 'pending' });
    const second = await addItem({ postId: await post('县审计局'), nomineeIds: [n], passRule: 'two-thirds' });
    expect(second.body).toMatchObject({ position: 2, passRule: 'two-thirds' });
  });

  it('R8: a competitive item needs 2 nominees a seat, 3 for an open selection', async () => {
    await setup();
    const postId = await post();
    const ids = await nominees(6);
    expect((await addItem({ postId, nomineeIds: ids.slice(0, 2), seats: 1 })).status).toBe(201);
    expect((await addItem({ postId, nomineeIds: ids.slice(0, 4), seats: 2 })).status).toBe(201);
    const below = await expectRefused(t, () => addItem({ postId, nomineeIds: ids.slice(0, 3), seats: 2 }), 422, 'competitive_ratio');
    expect(below).toMatchObject({ nominees: 3, seats: 2, required: 4 });
    await expectRefused(t, () => addItem({ postId, nomineeIds: ids.slice(0, 2), seats: 1, openSelection: true }), 422, 'competitive_ratio');
    expect((await addItem({ postId, nomineeIds: ids.slice(0, 3), seats: 1, openSelection: true })).status).toBe(201);
    await expectRefused(t, () => addItem({ postId, nomineeIds: ids.slice(0, 1), seats: 2 }), 422, 'competitive_ratio');
  });

  it('refuses a nominee listed twice, a post or nominee of another committee, an empty list', async () => {
    await setup();
    const postId = await post();
    const [a] = await nominees(1);
    await expectRefused(t, () => addItem({ postId, nomineeIds: [a, a] }), 400, 'validation_failed');
    await expectRefused(t, () => addItem({ postId, nomineeIds: [] }), 400, 'validation_failed');
    await expectRefused(t, () => addItem({ postId: 'pst_00000000000000000000', nomineeIds: [a] }), 404, 'not_found');
    await expectRefused(t, () => addItem({ postId, nomineeIds: ['nom_00000000000000000000'] }), 404, 'not_found');
    await expectRefused(t, () => addItem({ postId, nomineeIds: [a], seats: 0 }), 400, 'validation_failed');
    await expectRefused(t, () => addItem({ postId, nomineeIds: [a], passRule: 'unanimous' }), 400, 'validation_failed');
  });

  it('R5: the 30th distinct nominee is accepted, the 31st refused; a nominee already in the meeting still may be added', async () => {
    await setup();
    const ids = await nominees(31);
    for (let i = 0; i < 29; i++) expect((await addItem({ postId: await post(`单位${i}`), nomineeIds: [ids[i]] })).status).toBe(201);
    const competitivePost = await post('竞争');
    // 29 + this item's 2 would be 31: refused as a whole, nothing written.
    await expectRefused(t, () => addItem({ postId: competitivePost, nomineeIds: [ids[29], ids[30]] }), 422, 'nominee_limit');
    expect((await addItem({ postId: await post('第30'), nomineeIds: [ids[29]] })).status).toBe(201);
    const post31 = await post('第31');
    const refused = await expectRefused(t, () => addItem({ postId: post31, nomineeIds: [ids[30]] }), 422, 'nominee_limit');
    expect(refused).toMatchObject({ limit: 30, count: 31 });
    // The same person on a second item counts once.
    expect((await addItem({ postId: await post('再议'), nomineeIds: [ids[0]] })).status).toBe(201);
  });

  it('R5 holds inside the write: a racing insert cannot make a 31st nominee', async () => {
    await setup();
    const ids = await nominees(31);
    for (let i = 0; i < 30; i++) expect((await addItem({ postId: await post(`单位${i}`), nomineeIds: [ids[i]] })).status).toBe(201);
    const { nomineeInsertValue } = await import('../../../src/domain/prepare/item-rules');
    const { itemNominees } = await import('../../../src/db/schema');
    const itemId = (t.handle.sqlite.prepare('SELECT id FROM items LIMIT 1').get() as { id: string }).id;
    // What a second clerk's write would do after its read saw 29: the conditional value refuses.
    expect(() =>
      t.handle.db.insert(itemNominees).values({ itemId, meetingId: p.meetingId, nomineeId: nomineeInsertValue(p.meetingId, ids[30]!), position: 9 }).run(),
    ).toThrow(/NOT NULL constraint failed: item_nominees.nominee_id/);
  });

  it('R3: a barred nominee is refused for the same post, naming the vote and the lifting date; accepted for another post and once it lifts', async () => {
    await setup();
    const barredPost = await post('县财政局');
    const otherPost = await post('县审计局');
    const [n] = await nominees(1);
    seedBar(n!, barredPost, '2025-06-10', '2026-06-10');
    const refused = await expectRefused(t, () => addItem({ postId: barredPost, nomineeIds: [n] }), 422, 'nominee_barred');
    expect(refused).toMatchObject({
      nomineeId: n,
      postId: barredPost,
      liftsOn: '2026-06-10',
      barringVote: { meetingId: 'mtg_earlier0000000000000', itemId: 'itm_earlier0000000000000', voteDate: '2025-06-10' },
    });
    expect(refused.detail).toContain('2026-06-10');
    expect(refused.detail).toContain('2025-06-10');
    // Another post is fine.
    expect((await addItem({ postId: otherPost, nomineeIds: [n] })).status).toBe(201);
    // A competitive item carrying the barred nominee is refused too.
    const [m1, m2] = await nominees(2, '竞');
    await expectRefused(t, () => addItem({ postId: barredPost, nomineeIds: [m1, n, m2], seats: 1 }), 422, 'nominee_barred');
    // A meeting on or after the day the bar lifts may nominate them.
    const later = await clerk('POST', '/api/meetings', { committeeId: p.committeeId, date: '2026-06-10', title: 'later' });
    const dayBefore = await clerk('POST', '/api/meetings', { committeeId: p.committeeId, date: '2026-06-09', title: 'day before' });
    await expectRefused(t, () => clerk('POST', `/api/meetings/${dayBefore.body.meeting.id}/items`, { title: 'x', postId: barredPost, nomineeIds: [n] }), 422, 'nominee_barred');
    expect((await clerk('POST', `/api/meetings/${later.body.meeting.id}/items`, { title: 'x', postId: barredPost, nomineeIds: [n] })).status).toBe(201);
  });

  it('changes and removes draft items, checking the changed item in full', async () => {
    await setup();
    const postId = await post();
    const ids = await nominees(3);
    const item = (await addItem({ postId, nomineeIds: [ids[0]] })).body;
    const patched = await clerk('PATCH', `/api/items/${item.id}`, { nomineeIds: [ids[1], ids[2]], title: '差额', passRule: 'two-thirds' });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ kind: 'competitive', title: '差额', passRule: 'two-thirds' });
    expect(patched.body.nominees.map((n: { id: string }) => n.id)).toEqual([ids[1], ids[2]]);
    await expectRefused(t, () => clerk('PATCH', `/api/items/${item.id}`, { seats: 2 }), 422, 'competitive_ratio');
    seedBar(ids[0]!, postId, '2026-01-05', '2027-01-05');
    await expectRefused(t, () => clerk('PATCH', `/api/items/${item.id}`, { nomineeIds: [ids[0]] }), 422, 'nominee_barred');
    await expectRefused(t, () => clerk('PATCH', `/api/items/${item.id}`, { status: 'open' }), 400, 'validation_failed');
    expect((await clerk('PATCH', `/api/items/${item.id}`, { position: 5 })).body.position).toBe(5);
    expect((await clerk('DELETE', `/api/items/${item.id}`)).status).toBe(204);
    await expectRefused(t, () => clerk('DELETE', `/api/items/${item.id}`), 404, 'not_found');
    expect((await clerk('GET', `/api/meetings/${p.meetingId}`)).body.items).toHaveLength(0);
  });

  it('refuses any change once the meeting is open', async () => {
    await setup();
    const postId = await post();
    const [a] = await nominees(1);
    const item = (await addItem({ postId, nomineeIds: [a] })).body;
    t.handle.sqlite.prepare("UPDATE meetings SET status = 'open' WHERE id = ?").run(p.meetingId);
    await expectRefused(t, () => addItem({ postId, nomineeIds: [a] }), 409, 'meeting_locked');
    await expectRefused(t, () => clerk('PATCH', `/api/items/${item.id}`, { title: 'new' }), 409, 'meeting_locked');
    await expectRefused(t, () => clerk('DELETE', `/api/items/${item.id}`), 409, 'meeting_locked');
  });

  it('the draft guard aborts the whole batch when the meeting opened after the read', async () => {
    await setup();
    const { meetingStatusGuard, rethrowGuard } = await import('../../../src/domain/prepare/guard');
    const { writeAtomically } = await import('../../../src/db/atomic');
    const { items } = await import('../../../src/db/schema');
    t.handle.sqlite.prepare("UPDATE meetings SET status = 'open' WHERE id = ?").run(p.meetingId);
    const db = t.handle.db;
    const write = writeAtomically(db, [meetingStatusGuard(db, p.meetingId), db.update(items).set({ title: 'changed' })]);
    await expect(write.catch((err) => rethrowGuard(err))).rejects.toMatchObject({ code: 'meeting_locked' });
  });

  it('only the clerk prepares items', async () => {
    await setup();
    const { officerAgent } = await import('../../support/officers');
    const presiding = caller(t, await officerAgent(t, 'presiding'));
    const [a] = await nominees(1);
    const postId = await post();
    await expectRefused(t, () => presiding('POST', `/api/meetings/${p.meetingId}/items`, { title: 'x', postId, nomineeIds: [a] }), 403, 'forbidden');
  });
});
