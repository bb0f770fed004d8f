// A written consultation (书面征求意见, docs/full-committee.md §5): one test per row of §5's
// table, through the API as the clerk, the presiding officer and members' own devices do it.
import { afterEach, describe, expect, it } from 'vitest';
import { parseEntry } from '../../../crypto/log-entry';
import { verifyRecord } from '../../../src/verifier';
import { makeTestApp, type TestApp } from '../../support/app';
import { loginAs, officerAgent } from '../../support/officers';
import { prepareMeeting, signInWithSlip, type PreparedMeeting } from '../../support/prepare';
import { fetcherOf, TabletClient } from '../../support/tablet';
import { caller, expectRefused, type Caller } from '../prepare/helpers';

let t: TestApp;
afterEach(() => t?.close());

const entries = (record: { entries: string[] }) => record.entries.map((e) => parseEntry(new TextEncoder().encode(e)) as Record<string, any>);

/** A full committee's consultation from 2026-03-02 to closesOn: 9 members, 2 observers, two plain items. */
async function consultation(closesOn = '2026-03-06', spec: { members?: number; excuse?: number } = {}) {
  t = makeTestApp();
  const p = await prepareMeeting(t, { committeeKind: 'full', consultation: { closesOn }, members: spec.members ?? 9, observers: 2, items: [{ nominees: 1 }, { nominees: 1 }] });
  const clerk = caller(t, p.clerk);
  for (const m of p.members.slice(0, spec.excuse ?? 0)) {
    const r = await clerk('POST', `/api/meetings/${p.meetingId}/excusals`, { personId: m.personId, reason: '出国' });
    expect(r.status, JSON.stringify(r.body)).toBeLessThan(300);
  }
  let agent = await officerAgent(t, 'presiding');
  const presiding: Caller = (...args) => caller(t, agent)(...args);
  /** Days later: the clock moves and the presiding officer signs in again (sessions last hours). */
  const at = async (instant: string) => {
    t.clock.set(instant);
    agent = await loginAs(t.app, 'presiding');
  };
  return { p, clerk, presiding, at };
}

/** A member's own device: the printed code redeemed from its own address. */
async function device(p: PreparedMeeting, who: { code: string; class: 'A' | 'B' }, address: string): Promise<TabletClient> {
  return new TabletClient(fetcherOf(t), await signInWithSlip(t, p.meetingId, who.code, address), who.class);
}

async function openIt(presiding: Caller, meetingId: string) {
  const opened = await presiding('POST', `/api/meetings/${meetingId}/open`);
  expect(opened.status, JSON.stringify(opened.body)).toBe(200);
}

describe('a written consultation: when (R14, at most 30 days)', () => {
  it('names its closing day, on or after its date and at most 30 days in all; a sitting names none', async () => {
    t = makeTestApp();
    const p = await prepareMeeting(t, { committeeKind: 'full', items: [{ nominees: 1 }] });
    const clerk = caller(t, p.clerk);
    const body = { committeeId: p.committeeId, date: '2026-03-02', title: '书面征求意见' };
    await expectRefused(t, () => clerk('POST', '/api/meetings', { ...body, kind: 'consultation' }), 400, 'validation_failed');
    await expectRefused(t, () => clerk('POST', '/api/meetings', { ...body, kind: 'consultation', closesOn: '2026-03-01' }), 422, 'consultation_window_invalid');
    // 2 March to 1 April is 31 days.
    await expectRefused(t, () => clerk('POST', '/api/meetings', { ...body, kind: 'consultation', closesOn: '2026-04-01' }), 422, 'consultation_window_invalid');
    await expectRefused(t, () => clerk('POST', '/api/meetings', { ...body, closesOn: '2026-03-05' }), 400, 'validation_failed');
    const ok = await clerk('POST', '/api/meetings', { ...body, kind: 'consultation', closesOn: '2026-03-31' });
    expect(ok.status, JSON.stringify(ok.body)).toBe(201);
    expect(ok.body.meeting).toMatchObject({ kind: 'consultation', closesOn: '2026-03-31' });
    await expectRefused(t, () => clerk('PATCH', `/api/meetings/${ok.body.meeting.id}`, { closesOn: '2026-04-02' }), 422, 'consultation_window_invalid');
    expect((await clerk('PATCH', `/api/meetings/${ok.body.meeting.id}`, { closesOn: '2026-03-10' })).body.meeting.closesOn).toBe('2026-03-10');
  });

  it('is the full committee\'s: a standing committee decides in a sitting (R13, R1)', async () => {
    t = makeTestApp();
    const p = await prepareMeeting(t, { items: [{ nominees: 1 }] });
    const clerk = caller(t, p.clerk);
    await expectRefused(t, () => clerk('POST', '/api/meetings', { committeeId: p.committeeId, date: '2026-03-02', title: '书面征求意见', kind: 'consultation', closesOn: '2026-03-05' }), 422, 'rule_violation');
  });

  it('opens on its own date only (R14)', async () => {
    t = makeTestApp();
    t.clock.set('2026-03-01T09:00:00+08:00');
    const p = await prepareMeeting(t, { committeeKind: 'full', consultation: { closesOn: '2026-03-06' }, members: 5, observers: 0, items: [{ nominees: 1 }] });
    const presiding = caller(t, await officerAgent(t, 'presiding'));
    await expectRefused(t, () => presiding('POST', `/api/meetings/${p.meetingId}/open`), 422, 'meeting_not_today');
  });
});

describe('a written consultation: opening', () => {
  it('needs two-thirds of those due asked (R1 on those asked): 4 of 9 excused is refused and nothing opens; 3 of 9 opens', async () => {
    const { p, presiding } = await consultation('2026-03-06', { excuse: 4 });
    const refused = await expectRefused(t, () => presiding('POST', `/api/meetings/${p.meetingId}/open`), 422, 'consultation_too_few_asked');
    expect(refused).toMatchObject({ asked: 5, due: 9, needed: 6 });
    const state = (await presiding('GET', `/api/meetings/${p.meetingId}/state`)).body;
    expect(state.meeting.status).toBe('draft');
    expect(state.items.map((i: { status: string }) => i.status)).toEqual(['pending', 'pending']);
    t.close();
    const again = await consultation('2026-03-06', { excuse: 3 });
    await openIt(again.presiding, again.p.meetingId);
  });

  it('one press opens the meeting and all its items, with no one signed in (no presence quorum) and everyone not excused asked', async () => {
    const { p, presiding } = await consultation('2026-03-06', { excuse: 1 });
    await openIt(presiding, p.meetingId);
    const state = (await presiding('GET', `/api/meetings/${p.meetingId}/state`)).body;
    expect(state.meeting).toMatchObject({ kind: 'consultation', closesOn: '2026-03-06', status: 'open' });
    // A full committee's: the pages name class A 委员 and class B 候补委员 and 列席 (R13).
    expect(state.committee).toEqual({ kind: 'full' });
    expect(state.items.map((i: { status: string }) => i.status)).toEqual(['open', 'open']);
    expect(state.open.map((v: { item: string }) => v.item)).toEqual(p.items.map((i) => i.id));
    const record = (await presiding('GET', `/api/meetings/${p.meetingId}/record`)).body;
    const log = entries(record);
    expect(log[0]!.meeting).toMatchObject({ kind: 'consultation', closesOn: '2026-03-06' });
    const opens = log.filter((e) => e.type === 'open');
    expect(opens).toHaveLength(2);
    const asked = p.members.slice(1).map((m) => m.personId).sort();
    for (const o of opens) {
      expect(o.due).toBe(9);
      expect(o.present.members).toEqual(asked);
      expect(o.present.observers).toEqual(p.observers.map((x) => x.personId).sort());
    }
    // Its items never open one by one.
    await expectRefused(t, () => presiding('POST', `/api/items/${p.items[0]!.id}/open`), 409, 'conflict');
  });

  it('postponement only while a draft: after opening every item is open (R9)', async () => {
    const { p, presiding } = await consultation();
    await openIt(presiding, p.meetingId);
    await expectRefused(t, () => presiding('POST', `/api/items/${p.items[0]!.id}/postpone`, { reason: '暂缓' }), 409, 'conflict');
  });
});

describe('a written consultation: answering from one\'s own device', () => {
  it('redeems the code after opening, on any device, and gets a token for every item at once', async () => {
    const { p, presiding } = await consultation();
    await openIt(presiding, p.meetingId);
    const own = await device(p, p.members[0]!, '198.51.100.7');
    const [a, b] = p.items;
    // Both items are open at once: answered in either order.
    await own.vote(b!.id, { [b!.nomineeIds[0]!]: 'disapprove' });
    await own.vote(a!.id, { [a!.nomineeIds[0]!]: 'approve' });
    const progress = (await presiding('GET', `/api/items/${a!.id}/progress`)).body;
    // R11: "n of m answered", nothing more.
    expect(progress).toMatchObject({ cast: 1, present: 11, classes: { A: { cast: 1, present: 9 }, B: { cast: 0, present: 2 } } });
    expect(JSON.stringify(progress)).not.toMatch(/approve/);
    // The code is spent: whoever tries it again is told so.
    const again = await t.app.request(`/api/meetings/${p.meetingId}/sign-in`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-test-address': '203.0.113.9' }, body: JSON.stringify({ code: p.members[0]!.code }) });
    expect(again.status).toBe(409);
  });

  it('refuses a token once the window has ended (409 consultation_window_closed)', async () => {
    const { p, presiding } = await consultation('2026-03-03');
    await openIt(presiding, p.meetingId);
    const early = await device(p, p.members[0]!, '198.51.100.7');
    const late = await device(p, p.members[1]!, '198.51.100.8');
    // The last day of the window, late in the evening in the committee's zone: still open.
    t.clock.set('2026-03-03T23:59:00+08:00');
    await early.vote(p.items[0]!.id, { [p.items[0]!.nomineeIds[0]!]: 'approve' });
    // 00:00 on the day after closesOn, in Asia/Shanghai (16:00 UTC the day before).
    t.clock.set('2026-03-03T16:00:00Z');
    await expect(late.requestToken(p.items[0]!.id)).rejects.toMatchObject({ status: 409, body: { code: 'consultation_window_closed' } });
  });
});

describe('a written consultation: closing, not cast, announcing and the record', () => {
  it('refuses a close while someone asked has not answered and the window runs (409 consultation_open), then closes once all have', async () => {
    const { p, presiding } = await consultation('2026-03-06', { members: 5 });
    await openIt(presiding, p.meetingId);
    const item = p.items[0]!;
    const nominee = item.nomineeIds[0]!;
    const everyone = [...p.members, ...p.observers];
    const devices = [];
    for (const [i, who] of everyone.entries()) devices.push(await device(p, who, `198.51.100.${10 + i}`));
    for (const d of devices.slice(0, -1)) await d.vote(item.id, { [nominee]: 'approve' });
    const refused = await presiding('POST', `/api/items/${item.id}/close`);
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ code: 'consultation_open', answered: 6, asked: 7, closesOn: '2026-03-06' });
    // The last one asked (an observer: everyone asked answers, B ballots included) answers.
    await devices[devices.length - 1]!.vote(item.id, { [nominee]: 'approve' });
    const closed = await presiding('POST', `/api/items/${item.id}/close`);
    expect(closed.status, JSON.stringify(closed.body)).toBe(200);
  });

  it('closes after the window with members who never answered counted as not cast, against passing (R2: those due)', async () => {
    // Full committee, 000's "half or more": due 9, 1 excused, 8 asked, 4 approve: 2 × 4 < 9.
    const { p, presiding, at } = await consultation('2026-03-04', { excuse: 1 });
    await openIt(presiding, p.meetingId);
    const [a, b] = p.items;
    for (const [i, who] of p.members.slice(1, 5).entries()) {
      const d = await device(p, who, `198.51.100.${20 + i}`);
      await d.vote(a!.id, { [a!.nomineeIds[0]!]: 'approve' });
      await d.vote(b!.id, { [b!.nomineeIds[0]!]: 'approve' });
    }
    const one = await device(p, p.members[5]!, '198.51.100.30');
    await one.vote(b!.id, { [b!.nomineeIds[0]!]: 'approve' });
    await expectRefused(t, () => presiding('POST', `/api/items/${a!.id}/close`), 409, 'consultation_open');
    await at('2026-03-05T08:00:00+08:00');
    for (const item of [a!, b!]) expect((await presiding('POST', `/api/items/${item.id}/close`)).status).toBe(200);
    const ra = (await presiding('POST', `/api/items/${a!.id}/announce`)).body;
    expect(ra.A).toMatchObject({ due: 9, present: 8, cast: 4, notCast: 4 });
    expect(ra.A.nominees[0]).toMatchObject({ approve: 4, approved: false });
    const rb = (await presiding('POST', `/api/items/${b!.id}/announce`)).body;
    // 5 of 9 due: 2 × 5 ≥ 9, approved under the full committee's default (half or more).
    expect(rb.A).toMatchObject({ due: 9, present: 8, cast: 5, notCast: 3 });
    expect(rb.A.nominees[0]).toMatchObject({ approve: 5, approved: true });
    expect(rb.A.rule.majority).toBe('half-or-more');
    // R10: no reconsideration in a consultation.
    await expectRefused(t, () => presiding('POST', `/api/items/${a!.id}/reconsider`), 422, 'consultation_no_reconsideration');
    expect((await presiding('POST', `/api/meetings/${p.meetingId}/close`)).status).toBe(200);

    const record = (await presiding('GET', `/api/meetings/${p.meetingId}/record`)).body;
    const closes = entries(record).filter((e) => e.type === 'close');
    expect(closes.map((c) => c.closedOn)).toEqual(['2026-03-05', '2026-03-05']);
    const report = verifyRecord(record);
    expect(report.firstFailure).toBeUndefined();
    expect(report.checks.find((c) => c.id === 'consultation')?.status).toBe('pass');
  });

  it('cannot end before every result is announced (R12)', async () => {
    const { p, presiding, at } = await consultation('2026-03-02', { members: 3 });
    await openIt(presiding, p.meetingId);
    await at('2026-03-03T09:00:00+08:00');
    for (const item of p.items) expect((await presiding('POST', `/api/items/${item.id}/close`)).status).toBe(200);
    await expectRefused(t, () => presiding('POST', `/api/meetings/${p.meetingId}/close`), 409, 'results_unannounced');
    for (const item of p.items) expect((await presiding('POST', `/api/items/${item.id}/announce`)).status).toBe(200);
    expect((await presiding('POST', `/api/meetings/${p.meetingId}/close`)).status).toBe(200);
  });
});
