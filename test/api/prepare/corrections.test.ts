/**
 * Issue 17: a clerk can fix every preparation mistake through the API the console uses — edit
 * and delete persons, posts, nominees, meetings and attendees — with the rules checked again,
 * the roster order (排序) kept everywhere, and nothing but the procedure once a meeting opens.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../../support/app';
import { officerAgent } from '../../support/officers';
import { prepareMeeting, type PreparedMeeting } from '../../support/prepare';
import { caller, expectRefused, type Caller } from './helpers';

let t: TestApp;
let p: PreparedMeeting;
let clerk: Caller;
afterEach(() => t?.close());

async function setup(spec: Parameters<typeof prepareMeeting>[1] = {}) {
  t = makeTestApp();
  p = await prepareMeeting(t, { members: 3, observers: 1, items: [{ nominees: 1 }], slips: false, ...spec });
  clerk = caller(t, p.clerk);
}

async function openMeeting(meetingId = p.meetingId) {
  const presiding = caller(t, await officerAgent(t, 'presiding'));
  expect((await presiding('POST', `/api/meetings/${meetingId}/open`)).status).toBe(200);
}

async function newMeeting(title = '第二次会议'): Promise<string> {
  return (await clerk('POST', '/api/meetings', { committeeId: p.committeeId, date: '2026-03-02', title })).body.meeting.id;
}

const detail = async (id = p.meetingId) => (await clerk('GET', `/api/meetings/${id}`)).body;
const roster = async () => (await clerk('GET', `/api/committees/${p.committeeId}/persons`)).body.persons as Array<{ id: string; name: string; kind: string; rank: number }>;

function seedBar(nomineeId: string, postId: string, liftsOn: string) {
  t.handle.sqlite
    .prepare(`INSERT INTO bars (id, committee_id, nominee_id, post_id, meeting_id, item_id, round, vote_date, lifts_on, rule, created_at)
              VALUES (?, ?, ?, ?, NULL, NULL, NULL, '2025-06-01', ?, 'disapprove-half', 0)`)
    .run(`bar_${nomineeId.slice(4)}`, p.committeeId, nomineeId, postId, liftsOn);
}

describe('persons', () => {
  it('a correction reaches draft meetings, never an open one', async () => {
    await setup();
    const draft = await newMeeting();
    await openMeeting();
    const who = p.members[1]!.personId;
    const res = await clerk('PATCH', `/api/persons/${who}`, { name: '常委乙', title: '副书记' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ name: '常委乙', title: '副书记' });
    expect((await detail(draft)).attendees.find((a: { personId: string }) => a.personId === who)).toMatchObject({ name: '常委乙', title: '副书记' });
    expect((await detail()).attendees.find((a: { personId: string }) => a.personId === who)).toMatchObject({ name: '常委2', title: '常委' });
  });

  it('the roster order (排序) moves a person and renumbers the kind; attendees follow it, not the code point', async () => {
    await setup({ members: 11, observers: 0 });
    const before = await roster();
    expect(before.map((x) => x.name)).toEqual(['常委1', '常委2', '常委3', '常委4', '常委5', '常委6', '常委7', '常委8', '常委9', '常委10', '常委11']);
    const eleventh = before[10]!.id;
    expect((await clerk('PATCH', `/api/persons/${eleventh}`, { rank: 2 })).body.rank).toBe(2);
    const after = await roster();
    expect(after.map((x) => x.name).slice(0, 4)).toEqual(['常委1', '常委11', '常委2', '常委3']);
    expect(after.map((x) => x.rank)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    // Code point order would put 常委10 and 常委11 before 常委2; the draft meeting uses the rank.
    expect((await detail()).attendees.map((a: { name: string }) => a.name).slice(0, 4)).toEqual(['常委1', '常委11', '常委2', '常委3']);
  });

  it('a kind corrected to observer moves the person to class B of draft meetings', async () => {
    await setup();
    const who = p.members[2]!.personId;
    await clerk('PATCH', `/api/persons/${who}`, { kind: 'observer' });
    const a = (await detail()).attendees.find((x: { personId: string }) => x.personId === who);
    expect(a).toMatchObject({ class: 'B' });
    expect((await roster()).filter((x) => x.kind === 'observer').map((x) => x.rank)).toEqual([1, 2]);
  });

  it('removes a person added by mistake, with their draft attendee rows; one on an opened meeting is in use', async () => {
    await setup();
    const extra = (await clerk('POST', `/api/committees/${p.committeeId}/persons`, { kind: 'member', name: '多余', unit: '县委', title: '常委' })).body.id;
    const draft = await newMeeting();
    expect((await detail(draft)).attendees.some((a: { personId: string }) => a.personId === extra)).toBe(true);
    expect((await clerk('DELETE', `/api/persons/${extra}`)).status).toBe(204);
    expect((await detail(draft)).attendees.some((a: { personId: string }) => a.personId === extra)).toBe(false);
    await openMeeting();
    const used = await expectRefused(t, () => clerk('DELETE', `/api/persons/${p.members[0]!.personId}`), 409, 'in_use');
    expect(used).toMatchObject({ what: 'person', sealedMeetings: 1 });
    await expectRefused(t, () => clerk('DELETE', '/api/persons/psn_00000000000000000000'), 404, 'not_found');
  });

  it('refuses an empty name and unknown fields', async () => {
    await setup();
    await expectRefused(t, () => clerk('PATCH', `/api/persons/${p.members[0]!.personId}`, { name: ' ' }), 400, 'validation_failed');
    await expectRefused(t, () => clerk('PATCH', `/api/persons/${p.members[0]!.personId}`, { committeeId: 'x' }), 400, 'validation_failed');
  });
});

describe('posts and nominees', () => {
  it('a post is renamed while only draft items use it; once voted on or barred it is fixed', async () => {
    await setup();
    const postId = p.items[0]!.postId;
    expect((await clerk('PATCH', `/api/posts/${postId}`, { unit: '县财政局' })).body).toMatchObject({ unit: '县财政局', title: '局长' });
    expect((await detail()).items[0].post.unit).toBe('县财政局');
    const other = (await clerk('POST', `/api/committees/${p.committeeId}/posts`, { unit: '县审计局', title: '局长' })).body.id;
    await expectRefused(t, () => clerk('PATCH', `/api/posts/${other}`, { unit: '县财政局' }), 409, 'already_exists');
    await expectRefused(t, () => clerk('DELETE', `/api/posts/${postId}`), 409, 'in_use');
    seedBar(p.items[0]!.nomineeIds[0]!, other, '2026-06-01');
    expect(await expectRefused(t, () => clerk('PATCH', `/api/posts/${other}`, { title: '副局长' }), 409, 'in_use')).toMatchObject({ bars: 1 });
    await openMeeting();
    expect(await expectRefused(t, () => clerk('PATCH', `/api/posts/${postId}`, { title: '副局长' }), 409, 'in_use')).toMatchObject({ sealedItems: 1 });
    const unused = (await clerk('POST', `/api/committees/${p.committeeId}/posts`, { unit: '错字局', title: '局长' })).body.id;
    expect((await clerk('DELETE', `/api/posts/${unused}`)).status).toBe(204);
  });

  it("a nominee's résumé is corrected; name and birth date are fixed under a bar; one under a bar or on an item stays", async () => {
    await setup();
    const nomineeId = p.items[0]!.nomineeIds[0]!;
    const fixed = await clerk('PATCH', `/api/nominees/${nomineeId}`, { resume: '1998年参加工作。', birthDate: '1980-05-18' });
    expect(fixed.body).toMatchObject({ resume: '1998年参加工作。', birthDate: '1980-05-18' });
    expect((await detail()).items[0].nominees[0].resume).toBe('1998年参加工作。');
    await expectRefused(t, () => clerk('DELETE', `/api/nominees/${nomineeId}`), 409, 'in_use');
    const spare = (await clerk('POST', `/api/committees/${p.committeeId}/nominees`, { name: '错录', birthDate: '1981-01-01', currentPost: '科长', resume: '' })).body.id;
    seedBar(spare, p.items[0]!.postId, '2026-06-01');
    // Renaming a barred nominee would hand the bar to someone else (R3, R15).
    await expectRefused(t, () => clerk('PATCH', `/api/nominees/${spare}`, { name: '另一人' }), 409, 'in_use');
    expect((await clerk('PATCH', `/api/nominees/${spare}`, { currentPost: '副科长' })).status).toBe(200);
    await expectRefused(t, () => clerk('DELETE', `/api/nominees/${spare}`), 409, 'in_use');
    const typo = (await clerk('POST', `/api/committees/${p.committeeId}/nominees`, { name: '多录', birthDate: '1981-01-01', currentPost: '科长', resume: '' })).body.id;
    expect((await clerk('DELETE', `/api/nominees/${typo}`)).status).toBe(204);
    await openMeeting();
    // Tablets are showing the résumé: it is not changed under them.
    await expectRefused(t, () => clerk('PATCH', `/api/nominees/${nomineeId}`, { resume: '改' }), 409, 'meeting_locked');
  });
});

describe('meetings and attendees', () => {
  it('a draft meeting is renamed and re-dated; a new date inside a bar is refused (R3, R14)', async () => {
    await setup();
    const res = await clerk('PATCH', `/api/meetings/${p.meetingId}`, { title: '县委常委会第 13 次会议', date: '2026-03-03' });
    expect(res.status).toBe(200);
    expect(res.body.meeting).toMatchObject({ title: '县委常委会第 13 次会议', date: '2026-03-03' });
    seedBar(p.items[0]!.nomineeIds[0]!, p.items[0]!.postId, '2026-06-01');
    const barred = await expectRefused(t, () => clerk('PATCH', `/api/meetings/${p.meetingId}`, { date: '2026-05-31' }), 422, 'nominee_barred');
    expect(barred.liftsOn).toBe('2026-06-01');
    expect((await clerk('PATCH', `/api/meetings/${p.meetingId}`, { date: '2026-06-01' })).status).toBe(200);
  });

  it('deletes a draft meeting with its agenda and roster; an opened meeting is never deleted or changed', async () => {
    await setup();
    const second = await newMeeting();
    expect((await clerk('DELETE', `/api/meetings/${second}`)).status).toBe(204);
    await expectRefused(t, () => clerk('GET', `/api/meetings/${second}`), 404, 'not_found');
    await openMeeting();
    await expectRefused(t, () => clerk('DELETE', `/api/meetings/${p.meetingId}`), 409, 'meeting_locked');
    await expectRefused(t, () => clerk('PATCH', `/api/meetings/${p.meetingId}`, { title: '改' }), 409, 'meeting_locked');
    await expectRefused(t, () => clerk('DELETE', `/api/meetings/${p.meetingId}/attendees/${p.members[0]!.personId}`), 409, 'meeting_locked');
    await expectRefused(t, () => clerk('PATCH', `/api/meetings/${p.meetingId}/attendees/${p.members[0]!.personId}`, { excusedReason: null }), 409, 'meeting_locked');
    await expectRefused(t, () => clerk('DELETE', `/api/items/${p.items[0]!.id}`), 409, 'meeting_locked');
  });

  it('adds a person who joined the roster later, takes one off, withdraws an excusal; the last member stays', async () => {
    await setup({ members: 2, observers: 0 });
    const late = (await clerk('POST', `/api/committees/${p.committeeId}/persons`, { kind: 'member', name: '新任常委', unit: '县委', title: '常委' })).body.id;
    const added = await clerk('POST', `/api/meetings/${p.meetingId}/attendees`, { personId: late });
    expect(added.body.attendees.map((a: { name: string }) => a.name)).toEqual(['常委1', '常委2', '新任常委']);
    await expectRefused(t, () => clerk('POST', `/api/meetings/${p.meetingId}/attendees`, { personId: late }), 409, 'already_exists');
    const excused = await clerk('PATCH', `/api/meetings/${p.meetingId}/attendees/${late}`, { excusedReason: '出差' });
    expect(excused.body.attendees[2].excusedReason).toBe('出差');
    const withdrawn = await clerk('PATCH', `/api/meetings/${p.meetingId}/attendees/${late}`, { excusedReason: null });
    expect(withdrawn.body.attendees[2].excusedReason).toBeNull();
    expect((await clerk('DELETE', `/api/meetings/${p.meetingId}/attendees/${late}`)).body.attendees).toHaveLength(2);
    await clerk('DELETE', `/api/meetings/${p.meetingId}/attendees/${p.members[1]!.personId}`);
    await expectRefused(t, () => clerk('DELETE', `/api/meetings/${p.meetingId}/attendees/${p.members[0]!.personId}`), 422, 'rule_violation');
  });
});
