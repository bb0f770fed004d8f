import { afterEach, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../../support/app';
import { officerAgent } from '../../support/officers';
import { prepareMeeting } from '../../support/prepare';
import { caller, expectRefused } from './helpers';

let t: TestApp;
afterEach(() => t?.close());

async function committeeWithRoster(members = 3, observers = 2) {
  t = makeTestApp();
  const clerk = caller(t, await officerAgent(t, 'clerk'));
  const committee = (await clerk('POST', '/api/committees', { name: '县委常委会' })).body;
  const persons: Array<{ id: string; kind: string }> = [];
  for (let i = 0; i < members; i++) persons.push((await clerk('POST', `/api/committees/${committee.id}/persons`, { kind: 'member', name: `常委${i}`, unit: '县委', title: '常委' })).body);
  for (let i = 0; i < observers; i++) persons.push((await clerk('POST', `/api/committees/${committee.id}/persons`, { kind: 'observer', name: `列席${i}`, unit: '县政府', title: '副县长' })).body);
  return { clerk, committee, persons };
}

describe('meetings', () => {
  it('snapshots the active roster: members due as class A, observers class B', async () => {
    const { clerk, committee, persons } = await committeeWithRoster(3, 2);
    await clerk('PATCH', `/api/persons/${persons[2]!.id}`, { active: false });
    const res = await clerk('POST', '/api/meetings', { committeeId: committee.id, date: '2026-03-02', title: '第 12 次会议' });
    expect(res.status).toBe(201);
    expect(res.body.meeting).toMatchObject({ committeeId: committee.id, date: '2026-03-02', status: 'draft' });
    expect(res.body.attendees.map((a: { class: string }) => a.class).sort()).toEqual(['A', 'A', 'B', 'B']);
    expect(res.body.attendees.every((a: { present: boolean; slip: string }) => !a.present && a.slip === 'none')).toBe(true);
    // Later roster edits do not reach into the meeting.
    await clerk('POST', `/api/committees/${committee.id}/persons`, { kind: 'member', name: '新常委', unit: '县委', title: '常委' });
    await clerk('PATCH', `/api/persons/${persons[0]!.id}`, { active: false });
    const detail = await clerk('GET', `/api/meetings/${res.body.meeting.id}`);
    expect(detail.body.attendees).toHaveLength(4);
    expect(detail.body.attendees.map((a: { personId: string }) => a.personId)).toContain(persons[0]!.id);
  });

  it('lists meetings, optionally by committee', async () => {
    const { clerk, committee } = await committeeWithRoster(1, 0);
    const other = (await clerk('POST', '/api/committees', { name: 'other' })).body;
    await clerk('POST', `/api/committees/${other.id}/persons`, { kind: 'member', name: 'm', unit: 'u', title: 't' });
    await clerk('POST', '/api/meetings', { committeeId: committee.id, date: '2026-03-09', title: 'later' });
    await clerk('POST', '/api/meetings', { committeeId: committee.id, date: '2026-03-02', title: 'earlier' });
    await clerk('POST', '/api/meetings', { committeeId: other.id, date: '2026-03-04', title: 'elsewhere' });
    const mine = await clerk('GET', `/api/meetings?committeeId=${committee.id}`);
    expect(mine.body.meetings.map((m: { title: string }) => m.title)).toEqual(['earlier', 'later']);
    expect((await clerk('GET', '/api/meetings')).body.meetings).toHaveLength(3);
  });

  it('refuses a meeting with nobody due, an unknown committee, a bad date', async () => {
    const { clerk, committee } = await committeeWithRoster(0, 2);
    await expectRefused(t, () => clerk('POST', '/api/meetings', { committeeId: committee.id, date: '2026-03-02', title: 'x' }), 422, 'rule_violation');
    await expectRefused(t, () => clerk('POST', '/api/meetings', { committeeId: 'cmt_00000000000000000000', date: '2026-03-02', title: 'x' }), 404, 'not_found');
    await expectRefused(t, () => clerk('POST', '/api/meetings', { committeeId: committee.id, date: '2026-02-29', title: 'x' }), 400, 'validation_failed');
    await expectRefused(t, () => clerk('GET', '/api/meetings/mtg_00000000000000000000'), 404, 'not_found');
  });

  it('records an excusal before the meeting opens; the member stays due', async () => {
    const { clerk, committee, persons } = await committeeWithRoster(3, 0);
    const m = (await clerk('POST', '/api/meetings', { committeeId: committee.id, date: '2026-03-02', title: 'x' })).body.meeting;
    const res = await clerk('POST', `/api/meetings/${m.id}/excusals`, { personId: persons[1]!.id, reason: '出差' });
    expect(res.status).toBe(200);
    const excused = res.body.attendees.find((a: { personId: string }) => a.personId === persons[1]!.id);
    expect(excused).toMatchObject({ class: 'A', excusedReason: '出差' });
    expect(res.body.attendees.filter((a: { class: string }) => a.class === 'A')).toHaveLength(3);
    await expectRefused(t, () => clerk('POST', `/api/meetings/${m.id}/excusals`, { personId: 'psn_00000000000000000000', reason: 'x' }), 404, 'not_found');
    await expectRefused(t, () => clerk('POST', `/api/meetings/${m.id}/excusals`, { personId: persons[0]!.id, reason: '' }), 400, 'validation_failed');
    t.handle.sqlite.prepare("UPDATE meetings SET status = 'open' WHERE id = ?").run(m.id);
    await expectRefused(t, () => clerk('POST', `/api/meetings/${m.id}/excusals`, { personId: persons[0]!.id, reason: '病假' }), 409, 'meeting_locked');
  });

  it('shows the meeting with items, their posts and nominees in ballot order', async () => {
    t = makeTestApp();
    const p = await prepareMeeting(t, { members: 3, observers: 1 });
    const clerk = caller(t, p.clerk);
    const detail = (await clerk('GET', `/api/meetings/${p.meetingId}`)).body;
    expect(detail.items.map((i: { kind: string; passRule: string; position: number }) => [i.position, i.kind, i.passRule])).toEqual([
      [1, 'plain', 'majority'],
      [2, 'plain', 'two-thirds'],
      [3, 'competitive', 'majority'],
    ]);
    expect(detail.items[2].nominees.map((n: { id: string }) => n.id)).toEqual(p.items[2]!.nomineeIds);
    expect(detail.items[0].post.id).toBe(p.items[0]!.postId);
    expect(detail.items[0].nominees[0].resume).toContain('简历');
    expect(detail.attendees.every((a: { slip: string }) => a.slip === 'issued')).toBe(true);
    const presiding = caller(t, await officerAgent(t, 'presiding'));
    expect((await presiding('GET', `/api/meetings/${p.meetingId}`)).status).toBe(200);
    await expectRefused(t, () => presiding('POST', '/api/meetings', { committeeId: p.committeeId, date: '2026-03-02', title: 'x' }), 403, 'forbidden');
  });
});
