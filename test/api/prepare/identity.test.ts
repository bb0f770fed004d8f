/** R15: one person, one nominee and one roster entry; bars follow the person (issue 15, defects 2 and 5). */
import { afterEach, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../../support/app';
import { ballots, committee } from '../committee-harness';
import { expectRefused } from './helpers';

let t: TestApp;
afterEach(() => t?.close());

const nominee = (name: string, birthDate: string, extra: Record<string, unknown> = {}) => ({ name, birthDate, currentPost: '某乡乡长', resume: '简历', ...extra });

describe('R15: one person, one nominee', () => {
  it('a barred person registered again is refused; confirmed as another person, they are not barred; an old duplicate record carries the bar', async () => {
    t = makeTestApp();
    const c = await committee(t, { members: 17 });
    const post = await c.post('县商务局');
    const x = await c.nominee('周建国', '1974-12-08');
    await c.at('2031-09-16T09:30:00+08:00');
    const m = await c.meeting('2031-09-16');
    const item = (await c.item(m, { postId: post, nomineeIds: [x] })).body;
    await c.presiding('POST', `/api/meetings/${m}/open`);
    const tablets = await c.signIn(m, 17);
    // 9 of 17 disapprove: 18 ≥ 17, barred from the post until 2032-09-16.
    const result = await c.vote(item.id, tablets, ballots(x, { approve: 7, disapprove: 9, abstain: 1 }));
    expect(result.bars).toEqual([expect.objectContaining({ nominee: x, post, liftsOn: '2032-09-16' })]);
    await c.presiding('POST', `/api/meetings/${m}/close`);

    // The same name and birth date again — spacing, full-width forms and invisible characters
    // pasted from a chat app (a zero-width space, a word joiner) do not make a new person.
    for (const name of ['周建国', '周 建国', '周　建国', '周建国\u200b', '周\u2060建国']) {
      const refused = await expectRefused(t, () => c.clerk('POST', `/api/committees/${c.committeeId}/nominees`, nominee(name, '1974-12-08')), 409, 'duplicate_nominee');
      expect(refused.existing).toEqual([{ id: x, name: '周建国', birthDate: '1974-12-08', currentPost: '某镇党委书记' }]);
    }
    // Another birth date is another person.
    expect((await c.clerk('POST', `/api/committees/${c.committeeId}/nominees`, nominee('周建国', '1981-02-03'))).status).toBe(201);
    // A confirmation must name the record(s) it is about.
    await expectRefused(t, () => c.clerk('POST', `/api/committees/${c.committeeId}/nominees`, nominee('周建国', '1974-12-08', { distinctFrom: ['nom_00000000000000000000'] })), 400, 'validation_failed');

    // The clerk confirms "a different person with the same name and birth date": admitted, and logged.
    const other = await c.clerk('POST', `/api/committees/${c.committeeId}/nominees`, nominee('周建国', '1974-12-08', { distinctFrom: [x] }));
    expect(other.status).toBe(201);
    const logged = t.handle.sqlite.prepare('SELECT subject, subject_id, distinct_from, confirmed_by FROM identity_confirmations').all() as Array<Record<string, string>>;
    const clerkId = (t.handle.sqlite.prepare("SELECT id FROM officers WHERE username = 'clerk'").get() as { id: string }).id;
    expect(logged).toEqual([{ subject: 'nominee', subject_id: other.body.id, distinct_from: JSON.stringify([x]), confirmed_by: clerkId }]);
    // A third record needs a confirmation against both.
    await expectRefused(t, () => c.clerk('POST', `/api/committees/${c.committeeId}/nominees`, nominee('周建国', '1974-12-08', { distinctFrom: [x] })), 409, 'duplicate_nominee');

    await c.at('2032-02-10T09:00:00+08:00');
    const later = await c.meeting('2032-02-10');
    // The confirmed other person is not barred; X is.
    expect((await c.item(later, { postId: post, nomineeIds: [other.body.id] })).status).toBe(201);
    await expectRefused(t, () => c.item(later, { postId: post, nomineeIds: [x] }), 422, 'nominee_barred');
    // A second record of X made before duplicates were refused carries X's bar (R3 follows the person).
    t.handle.sqlite
      .prepare("INSERT INTO nominees (id, committee_id, name, birth_date, current_post, resume, created_at) VALUES ('nom_legacy0000000000000', ?, '周建国', '1974-12-08', '', '', 0)")
      .run(c.committeeId);
    const barred = await expectRefused(t, () => c.item(later, { postId: post, nomineeIds: ['nom_legacy0000000000000'] }), 422, 'nominee_barred');
    expect(barred).toMatchObject({ nomineeId: 'nom_legacy0000000000000', barredRecord: x, liftsOn: '2032-09-16', scope: 'same-post' });
  });

  it('two clerks registering the same person at once: one record, one refusal', async () => {
    t = makeTestApp();
    const c = await committee(t, { members: 3 });
    const body = nominee('吴敏', '1988-06-30');
    const both = await Promise.all([c.clerk('POST', `/api/committees/${c.committeeId}/nominees`, body), c.clerk('POST', `/api/committees/${c.committeeId}/nominees`, body)]);
    expect(both.map((r) => r.status).sort()).toEqual([201, 409]);
    expect(both.find((r) => r.status === 409)!.body.code).toBe('duplicate_nominee');
    expect((t.handle.sqlite.prepare("SELECT COUNT(*) AS n FROM nominees WHERE name = '吴敏'").get() as { n: number }).n).toBe(1);
  });
});

describe('R15: one roster entry per person', () => {
  it('refuses the same member twice (as member or observer, on or off the roster) unless confirmed, which is logged', async () => {
    t = makeTestApp();
    const c = await committee(t, { members: 5 });
    const person = (name: string, extra: Record<string, unknown> = {}) => ({ kind: 'member', name, unit: '县委', title: '常委', ...extra });
    const refused = await expectRefused(t, () => c.clerk('POST', `/api/committees/${c.committeeId}/persons`, person('委员3')), 409, 'duplicate_person');
    expect(refused.existing).toEqual([{ id: c.members[2], name: '委员3', kind: 'member', unit: '县委', title: '常委', active: true }]);
    await expectRefused(t, () => c.clerk('POST', `/api/committees/${c.committeeId}/persons`, person('委员 3', { kind: 'observer' })), 409, 'duplicate_person');
    // Off the roster, they come back with PATCH active, not as a new entry.
    await c.clerk('PATCH', `/api/persons/${c.members[4]}`, { active: false });
    const off = await expectRefused(t, () => c.clerk('POST', `/api/committees/${c.committeeId}/persons`, person('委员5')), 409, 'duplicate_person');
    expect(off.existing[0]).toMatchObject({ id: c.members[4], active: false });
    const same = await c.clerk('POST', `/api/committees/${c.committeeId}/persons`, person('委员3', { distinctFrom: [c.members[2]] }));
    expect(same.status).toBe(201);
    expect(t.handle.sqlite.prepare('SELECT subject, subject_id, distinct_from FROM identity_confirmations').all()).toEqual([
      { subject: 'person', subject_id: same.body.id, distinct_from: JSON.stringify([c.members[2]]) },
    ]);
    const persons = (await c.clerk('GET', `/api/committees/${c.committeeId}/persons`)).body.persons as Array<{ name: string }>;
    expect(persons.filter((p) => p.name === '委员3')).toHaveLength(2);
  });
});

describe('R3 under 002\'s policy: the person not approved is barred from every post', () => {
  it('bars a nominee who was not approved from another post three weeks later, until the same date a year on', async () => {
    t = makeTestApp();
    const c = await committee(t, { members: 9, barRule: 'not-approved' });
    const [p1, p2] = [await c.post('县民政局'), await c.post('县林业局')];
    const x = await c.nominee('郑海燕', '1985-03-21');
    await c.at('2030-04-09T10:00:00+08:00');
    const m = await c.meeting('2030-04-09');
    const item = (await c.item(m, { postId: p1, nomineeIds: [x] })).body;
    await c.presiding('POST', `/api/meetings/${m}/open`);
    const tablets = await c.signIn(m, 9);
    // 4 approve of 9 due: not approved (8 ≤ 9); only 2 disapprove, so 000's rule would not bar.
    const result = await c.vote(item.id, tablets, ballots(x, { approve: 4, disapprove: 2, abstain: 3 }));
    expect(result.bars).toEqual([{ nominee: x, post: p1, voteDate: '2030-04-09', liftsOn: '2031-04-09', rule: 'not-approved' }]);
    await c.presiding('POST', `/api/meetings/${m}/close`);

    await c.at('2030-04-30T09:00:00+08:00');
    const later = await c.meeting('2030-04-30');
    const refused = await expectRefused(t, () => c.item(later, { postId: p2, nomineeIds: [x] }), 422, 'nominee_barred');
    expect(refused).toMatchObject({ nomineeId: x, postId: p2, scope: 'any-post', liftsOn: '2031-04-09', barringVote: { postId: p1, voteDate: '2030-04-09' } });
    const registry = (await c.clerk('GET', `/api/committees/${c.committeeId}/bars`)).body.bars;
    expect(registry).toEqual([expect.objectContaining({ nomineeId: x, scope: 'any-post', active: true })]);
    const dayBefore = await c.meeting('2031-04-08');
    await expectRefused(t, () => c.item(dayBefore, { postId: p2, nomineeIds: [x] }), 422, 'nominee_barred');
    const onTheDay = await c.meeting('2031-04-09');
    expect((await c.item(onTheDay, { postId: p2, nomineeIds: [x] })).status).toBe(201);
  });
});

describe('R15 on corrections', () => {
  it('a nominee or roster entry corrected into another record\'s identity is refused unless confirmed', async () => {
    t = makeTestApp();
    const c = await committee(t, { members: 4 });
    const a = await c.nominee('冯志刚', '1980-01-09');
    const b = await c.nominee('冯志钢', '1980-01-09');
    const refused = await expectRefused(t, () => c.clerk('PATCH', `/api/nominees/${b}`, { name: '冯 志刚' }), 409, 'duplicate_nominee');
    expect(refused.existing.map((e: { id: string }) => e.id)).toEqual([a]);
    // Other fields of either record stay editable.
    expect((await c.clerk('PATCH', `/api/nominees/${a}`, { currentPost: '县财政局副局长' })).status).toBe(200);
    const confirmed = await c.clerk('PATCH', `/api/nominees/${b}`, { name: '冯志刚', distinctFrom: [a] });
    expect(confirmed.status, JSON.stringify(confirmed.body)).toBe(200);
    expect(t.handle.sqlite.prepare('SELECT subject, subject_id, distinct_from FROM identity_confirmations').all()).toEqual([
      { subject: 'nominee', subject_id: b, distinct_from: JSON.stringify([a]) },
    ]);

    const refusedPerson = await expectRefused(t, () => c.clerk('PATCH', `/api/persons/${c.members[1]}`, { name: '委员1' }), 409, 'duplicate_person');
    expect(refusedPerson.existing[0]).toMatchObject({ id: c.members[0] });
    expect((await c.clerk('PATCH', `/api/persons/${c.members[1]}`, { title: '副书记' })).status).toBe(200);
  });
});
