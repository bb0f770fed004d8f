/** R9 follow-up: postponed items listed with their wait, and taken up by a later meeting with a link to the postponement. */
import { afterEach, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../../support/app';
import { ballots, committee } from '../committee-harness';
import { expectRefused } from './helpers';

let t: TestApp;
afterEach(() => t?.close());

describe('postponed items are followed up (会后及时查清,避免久拖不决)', () => {
  it('lists every postponed item with its reason and wait; a later item takes it up once, citing the postpone entry', async () => {
    t = makeTestApp();
    const c = await committee(t, { members: 11 });
    const [p, q] = [await c.post('县卫健委', '主任'), await c.post('县统计局')];
    const [x, y] = [await c.nominee('陈思远', '1982-07-14'), await c.nominee('林雪', '1986-01-30')];
    await c.at('2031-11-03T09:00:00+08:00');
    const first = await c.meeting('2031-11-03', '第 21 次会议');
    const a = (await c.item(first, { title: '任命陈思远为县卫健委主任', postId: p, nomineeIds: [x] })).body;
    const b = (await c.item(first, { title: '任命林雪为县统计局局长', postId: q, nomineeIds: [y] })).body;
    await c.presiding('POST', `/api/meetings/${first}/open`);
    const tablets = await c.signIn(first, 11);
    expect((await c.presiding('POST', `/api/items/${a.id}/postpone`, { reason: '有反映需核实' })).status).toBe(200);
    await c.vote(b.id, tablets, ballots(y, { approve: 8, disapprove: 3 }));
    await c.presiding('POST', `/api/meetings/${first}/close`);
    const leaf = (
      t.handle.sqlite.prepare("SELECT leaf_hash FROM log_entries WHERE meeting_id = ? AND type = 'postpone'").get(first) as { leaf_hash: string }
    ).leaf_hash;

    await c.at('2031-11-24T10:00:00+08:00');
    const listed = await c.clerk('GET', `/api/committees/${c.committeeId}/postponed`);
    expect(listed.status).toBe(200);
    expect(listed.body).toEqual({
      today: '2031-11-24',
      items: [
        {
          item: { id: a.id, title: '任命陈思远为县卫健委主任', position: 1, round: 1, reason: '有反映需核实' },
          meeting: { id: first, title: '第 21 次会议', date: '2031-11-03', status: 'closed' },
          post: { id: p, unit: '县卫健委', title: '主任' },
          nominees: [{ id: x, name: '陈思远' }],
          postponeLeaf: leaf,
          waitedDays: 21,
          followedUpBy: null,
        },
      ],
    });

    const next = await c.meeting('2031-12-01', '第 23 次会议');
    const refusal = async (body: Record<string, unknown>, reason: string) => {
      const r = await expectRefused(t, () => c.item(next, body), 422, 'follow_up_invalid');
      expect(r.reason).toBe(reason);
    };
    await refusal({ postId: q, nomineeIds: [x], followsUp: a.id }, 'other-post');
    await refusal({ postId: q, nomineeIds: [y], followsUp: b.id }, 'not-postponed');
    await expectRefused(t, () => c.item(next, { postId: p, nomineeIds: [x], followsUp: 'itm_00000000000000000000' }), 404, 'not_found');
    const taken = await c.item(next, { title: '任命陈思远为县卫健委主任(复议前已查清)', postId: p, nomineeIds: [x], followsUp: a.id });
    expect(taken.status, JSON.stringify(taken.body)).toBe(201);
    expect(taken.body.followsUp).toEqual({ meetingId: first, itemId: a.id, postponeLeaf: leaf });
    await refusal({ postId: p, nomineeIds: [x], followsUp: a.id }, 'already-followed-up');

    const after = (await c.clerk('GET', `/api/committees/${c.committeeId}/postponed`)).body.items;
    expect(after[0]).toMatchObject({ waitedDays: 21, followedUpBy: { itemId: taken.body.id, meetingId: next, date: '2031-12-01', status: 'pending' } });
    // Once the later meeting's day has come, the wait is counted to that day.
    await c.at('2031-12-05T09:00:00+08:00');
    expect((await c.clerk('GET', `/api/committees/${c.committeeId}/postponed`)).body.items[0].waitedDays).toBe(28);
    // Removing the follow-up item frees the postponement again.
    expect((await c.clerk('DELETE', `/api/items/${taken.body.id}`)).status).toBe(204);
    expect((await c.clerk('GET', `/api/committees/${c.committeeId}/postponed`)).body.items[0]).toMatchObject({ waitedDays: 32, followedUpBy: null });
  });
});

describe('the link in the record (R9)', () => {
  it("the later meeting's entry names the earlier meeting, the item and the postpone entry's leaf hash", async () => {
    t = makeTestApp();
    const c = await committee(t, { members: 7 });
    const [p, q] = [await c.post('县林业局', '局长'), await c.post('县档案馆', '馆长')];
    const [x, y] = [await c.nominee('周明远', '1979-10-02'), await c.nominee('许可欣', '1984-03-21')];
    await c.at('2030-04-16T09:00:00+08:00');
    const first = await c.meeting('2030-04-16', '第 5 次会议');
    const a = (await c.item(first, { title: '任命周明远为县林业局局长', postId: p, nomineeIds: [x] })).body;
    await c.presiding('POST', `/api/meetings/${first}/open`);
    await c.presiding('POST', `/api/items/${a.id}/postpone`, { reason: '需进一步考察' });
    await c.presiding('POST', `/api/meetings/${first}/close`);
    const leaf = (t.handle.sqlite.prepare("SELECT leaf_hash FROM log_entries WHERE meeting_id = ? AND type = 'postpone'").get(first) as { leaf_hash: string }).leaf_hash;

    await c.at('2030-05-07T09:00:00+08:00');
    const next = await c.meeting('2030-05-07', '第 6 次会议');
    const taken = (await c.item(next, { title: '任命周明远为县林业局局长', postId: p, nomineeIds: [x], followsUp: a.id })).body;
    const plain = (await c.item(next, { title: '任命许可欣为县档案馆馆长', postId: q, nomineeIds: [y] })).body;
    expect((await c.presiding('POST', `/api/meetings/${next}/open`)).status).toBe(200);
    const row = t.handle.sqlite.prepare("SELECT entry FROM log_entries WHERE meeting_id = ? AND type = 'meeting'").get(next) as { entry: string };
    const entry = JSON.parse(row.entry.slice(row.entry.indexOf('\n') + 1)) as { items: Array<{ id: string; followsUp: unknown }> };
    expect(entry.items.map((i) => [i.id, i.followsUp])).toEqual([
      [taken.id, { meeting: first, item: a.id, postponeLeaf: leaf }],
      [plain.id, null],
    ]);
  });
});

describe('the secretary (书记), a roster role', () => {
  it('is a member, one per committee, and is carried onto the meeting roster', async () => {
    t = makeTestApp();
    const c = await committee(t, { members: 3 });
    const add = (body: Record<string, unknown>) => c.clerk('POST', `/api/committees/${c.committeeId}/persons`, { unit: '县委', title: '书记', ...body });
    const secretary = await add({ kind: 'member', name: '许国华', role: 'secretary' });
    expect(secretary.status).toBe(201);
    expect(secretary.body.role).toBe('secretary');
    await expectRefused(t, () => add({ kind: 'member', name: '何志明', role: 'secretary' }), 409, 'already_exists');
    await expectRefused(t, () => add({ kind: 'observer', name: '何志明', role: 'secretary' }), 400, 'validation_failed');
    await expectRefused(t, () => c.clerk('PATCH', `/api/persons/${c.members[0]}`, { role: 'secretary' }), 409, 'already_exists');
    await c.at('2031-05-05T09:00:00+08:00');
    const m = await c.meeting('2031-05-06');
    const roster = (await c.clerk('GET', `/api/meetings/${m}`)).body.attendees as Array<{ personId: string; role: string | null }>;
    expect(roster.filter((a) => a.role === 'secretary').map((a) => a.personId)).toEqual([secretary.body.id]);
    // The role moves: cleared on one entry, given to another; the draft meeting follows.
    expect((await c.clerk('PATCH', `/api/persons/${secretary.body.id}`, { role: null })).body.role).toBeNull();
    expect((await c.clerk('PATCH', `/api/persons/${c.members[1]}`, { role: 'secretary' })).body.role).toBe('secretary');
    const moved = (await c.clerk('GET', `/api/meetings/${m}`)).body.attendees as Array<{ personId: string; role: string | null }>;
    expect(moved.filter((a) => a.role === 'secretary').map((a) => a.personId)).toEqual([c.members[1]]);
  });
});
