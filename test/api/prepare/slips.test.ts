import { afterEach, describe, expect, it } from 'vitest';
import { slipCodeHash } from '../../../src/domain/prepare/slip-code';
import { makeTestApp, type TestApp } from '../../support/app';
import { officerAgent } from '../../support/officers';
import { prepareMeeting, signInWithSlip, type PreparedMeeting } from '../../support/prepare';
import { caller, dbSnapshot, expectRefused, type Caller } from './helpers';

let t: TestApp;
afterEach(() => t?.close());

let p: PreparedMeeting;
let clerk: Caller;

async function setup(spec: Parameters<typeof prepareMeeting>[1] = {}) {
  t = makeTestApp();
  p = await prepareMeeting(t, { members: 3, observers: 2, items: [{ nominees: 1 }], ...spec });
  clerk = caller(t, p.clerk);
}

const signIn = (code: string, meetingId = p.meetingId, address = '192.0.2.50') =>
  caller(t, null)('POST', `/api/meetings/${meetingId}/sign-in`, { code }, { 'x-test-address': address });

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

describe('sign-in slips', () => {
  it('issues one code per member and observer: 10 symbols shown as xxxxx-xxxxx, stored only as an HMAC', async () => {
    await setup();
    const codes = Object.values(p.codes);
    expect(codes).toHaveLength(5);
    for (const code of codes) expect(code).toMatch(/^[0-9a-hjkmnp-tv-z]{5}-[0-9a-hjkmnp-tv-z]{5}$/);
    expect(new Set(codes).size).toBe(5);
    const rows = t.handle.sqlite.prepare('SELECT person_id, code_hash FROM slips').all() as Array<{ person_id: string; code_hash: string }>;
    for (const row of rows) {
      const code = p.codes[row.person_id]!.replace('-', '');
      expect(row.code_hash).toBe(slipCodeHash(t.deps.config.slipPepper, p.meetingId, code));
      expect(row.code_hash).not.toContain(code);
    }
    expect(dbSnapshot(t)).not.toContain(codes[0]!.replace('-', ''));
    // Issuing again hands out nothing new: everyone already has a live slip.
    expect((await clerk('POST', `/api/meetings/${p.meetingId}/slips`)).body.slips).toEqual([]);
  });

  it('gives the excused no slip', async () => {
    await setup({ slips: false });
    const excused = p.members[0]!;
    await clerk('POST', `/api/meetings/${p.meetingId}/excusals`, { personId: excused.personId, reason: '出差' });
    const issued = (await clerk('POST', `/api/meetings/${p.meetingId}/slips`)).body.slips;
    expect(issued.map((s: { personId: string }) => s.personId)).not.toContain(excused.personId);
    expect(issued).toHaveLength(4);
    await expectRefused(t, () => clerk('POST', `/api/meetings/${p.meetingId}/slips/${excused.personId}/reissue`), 403, 'attendee_excused');
  });

  it('prints a slip page: zh-CN first, English beneath, no script, no inline style', async () => {
    await setup({ slips: false });
    const res = await t.app.request(`/api/meetings/${p.meetingId}/slips`, { method: 'POST', headers: { ...p.clerk.headers(), accept: 'text/html' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await res.text();
    expect(html).toContain('<html lang="zh-CN">');
    expect(html).toContain('县委常委会第 12 次会议');
    expect(html).toContain('2026年3月2日');
    // The printed address opens the tablet on this meeting, so only the code is typed.
    expect(html).toContain(`/tablet/?meeting=${p.meetingId}`);
    expect(html).toContain('A 类（表决）');
    expect(html).toContain('B 类（列席）');
    expect(html).toContain('签到码');
    // Chinese only: nothing on the paper is English (issue 17).
    expect(html.replace(/<[^>]*>/g, '').replace(/[0-9a-z]{5}-[0-9a-z]{5}|https?:\/\/\S+|\/tablet\/\S*/g, '')).not.toMatch(/[A-Za-z]{3,}/);
    expect(html).toContain('/tablet/');
    expect(html).toContain('href="/kiosk/print.css"');
    expect(html).not.toMatch(/<script|<style|style=/i);
    const codes = [...html.matchAll(/<code>([0-9a-z]{5}-[0-9a-z]{5})<\/code>/g)].map((m) => m[1]);
    expect(codes).toHaveLength(5);
    // The codes printed are the live ones.
    expect(await signInWithSlip(t, p.meetingId, codes[0]!)).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('re-issues a code before sign-in: the old one dies', async () => {
    await setup();
    const person = p.members[0]!;
    const res = await clerk('POST', `/api/meetings/${p.meetingId}/slips/${person.personId}/reissue`);
    expect(res.status).toBe(200);
    const [fresh] = res.body.slips;
    expect(fresh.code).not.toBe(person.code);
    await expectRefused(t, () => signIn(person.code), 401, 'slip_invalid');
    expect((await signIn(fresh.code)).status).toBe(200);
    // Not while they are signed in: a second live code would be a second voice.
    await expectRefused(t, () => clerk('POST', `/api/meetings/${p.meetingId}/slips/${person.personId}/reissue`), 409, 'conflict');
    await expectRefused(t, () => clerk('POST', `/api/meetings/${p.meetingId}/slips/psn_00000000000000000000/reissue`), 404, 'not_found');
  });

  it('only the clerk issues slips', async () => {
    await setup({ slips: false });
    const presiding = caller(t, await officerAgent(t, 'presiding'));
    await expectRefused(t, () => presiding('POST', `/api/meetings/${p.meetingId}/slips`), 403, 'forbidden');
    await expectRefused(t, () => caller(t, null)('POST', `/api/meetings/${p.meetingId}/slips`), 401, 'unauthenticated');
  });
});

describe('tablet sign-in', () => {
  it('signs in with a code typed in any case, with spaces, and marks the person present', async () => {
    await setup();
    const person = p.members[1]!;
    const typed = ` ${person.code.toUpperCase().replace('-', ' ')} `;
    const res = await signIn(typed);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ person: { id: person.personId, name: person.name, class: 'A' }, meeting: { id: p.meetingId, date: '2026-03-02' } });
    const me = await t.app.request('/api/tablet/me', { headers: bearer(res.body.tabletToken) });
    expect(me.status).toBe(200);
    const meBody = await me.json();
    expect(meBody.person.id).toBe(person.personId);
    // The tablet shows the agenda from this answer: every item with its post and nominees.
    expect(meBody.items.map((i: { id: string }) => i.id)).toEqual(p.items.map((i: { id: string }) => i.id));
    expect(meBody.items[0].nominees[0]).toMatchObject({ name: expect.any(String), currentPost: expect.any(String), resume: expect.any(String) });
    expect(meBody.items[0].post).toMatchObject({ unit: expect.any(String), title: expect.any(String) });
    const detail = (await clerk('GET', `/api/meetings/${p.meetingId}`)).body;
    expect(detail.attendees.find((a: { personId: string }) => a.personId === person.personId)).toMatchObject({ present: true, slip: 'redeemed' });
    const stored = t.handle.sqlite.prepare('SELECT token_hash FROM tablet_sessions').all() as Array<{ token_hash: string }>;
    expect(stored).toHaveLength(1);
    expect(stored[0]!.token_hash).not.toContain(res.body.tabletToken);
  });

  it('signs observers in as class B', async () => {
    await setup();
    const res = await signIn(p.observers[0]!.code);
    expect(res.body.person.class).toBe('B');
  });

  it('refuses a code used twice with 409 slip_used and never makes a second tablet session', async () => {
    await setup();
    const code = p.members[0]!.code;
    expect((await signIn(code)).status).toBe(200);
    await expectRefused(t, () => signIn(code, p.meetingId, '192.0.2.51'), 409, 'slip_used');
    expect((t.handle.sqlite.prepare('SELECT COUNT(*) AS n FROM tablet_sessions').get() as { n: number }).n).toBe(1);
  });

  it('lets exactly one of several simultaneous sign-ins with one code through', async () => {
    await setup();
    const code = p.members[0]!.code;
    const results = await Promise.all(Array.from({ length: 6 }, (_, i) => signIn(code, p.meetingId, `198.51.100.${i}`)));
    expect(results.map((r) => r.status).sort()).toEqual([200, 409, 409, 409, 409, 409]);
    expect((t.handle.sqlite.prepare('SELECT COUNT(*) AS n FROM tablet_sessions').get() as { n: number }).n).toBe(1);
  });

  it('refuses a wrong code, a malformed one, and a code of another meeting', async () => {
    await setup();
    await expectRefused(t, () => signIn('00000-00000'), 401, 'slip_invalid');
    await expectRefused(t, () => signIn('not a code at all'), 401, 'slip_invalid');
    const second = await clerk('POST', '/api/meetings', { committeeId: p.committeeId, date: '2026-03-09', title: '下次会议' });
    await expectRefused(t, () => signIn(p.members[0]!.code, second.body.meeting.id), 401, 'slip_invalid');
    await expectRefused(t, () => signIn(p.members[0]!.code, 'mtg_00000000000000000000'), 404, 'not_found');
    await expectRefused(t, () => caller(t, null)('POST', `/api/meetings/${p.meetingId}/sign-in`, { code: p.members[0]!.code, personId: 'x' }), 400, 'validation_failed');
  });

  it('refuses an excused member even with a slip issued before the excusal', async () => {
    await setup();
    const person = p.members[2]!;
    await clerk('POST', `/api/meetings/${p.meetingId}/excusals`, { personId: person.personId, reason: '病假' });
    await expectRefused(t, () => signIn(person.code), 403, 'attendee_excused');
  });

  it('locks an address out of a meeting after 10 different wrong codes, even for a right one, for 5 minutes, saying how long', async () => {
    await setup();
    for (let i = 0; i < 10; i++) expect((await signIn(`0000${i}-00000`)).status).toBe(401);
    const locked = await signIn(p.members[0]!.code);
    expect(locked.status).toBe(429);
    expect(locked.body).toMatchObject({ code: 'rate_limited', retryAfter: 300 });
    expect(locked.res.headers.get('retry-after')).toBe('300');
    expect((t.handle.sqlite.prepare('SELECT COUNT(*) AS n FROM tablet_sessions').get() as { n: number }).n).toBe(0);
    // Another address is not affected; the locked one recovers after 5 minutes.
    expect((await signIn(p.members[1]!.code, p.meetingId, '192.0.2.99')).status).toBe(200);
    t.clock.advance(4 * 60_000);
    expect((await signIn(p.members[0]!.code)).body.retryAfter).toBe(60);
    t.clock.advance(60_000);
    expect((await signIn(p.members[0]!.code)).status).toBe(200);
  });

  it('counts a code once per address: the same typo sent 30 times, or a malformed string, locks nothing (issue 20)', async () => {
    await setup();
    for (let i = 0; i < 30; i++) expect((await signIn('abcde-fghjk')).status).toBe(401);
    for (let i = 0; i < 30; i++) expect((await signIn('123')).status).toBe(401);
    // One charge so far; eight more different codes leave one attempt before the limit.
    for (let i = 0; i < 8; i++) expect((await signIn(`0000${i}-00000`)).status).toBe(401);
    expect((await signIn(p.members[0]!.code)).status).toBe(200);
    // A code refused while the address was locked was never tested, so it counts when retried.
    for (let i = 0; i < 10; i++) await signIn(`1111${i}-00000`);
    expect((await signIn('22222-00000')).status).toBe(429);
    t.clock.advance(5 * 60_000 + 1);
    expect((await signIn('22222-00000')).status).toBe(401);
    const [lock] = (await clerk('GET', `/api/meetings/${p.meetingId}/sign-in-locks`)).body.locks;
    expect(lock).toMatchObject({ address: '192.0.2.50', failures: 1, lockedUntil: null, retryAfter: 0 });
  });

  it('lets the clerk see and lift a meeting’s sign-in locks, one address or all', async () => {
    await setup({ members: 4 });
    for (const address of ['192.0.2.50', '2001:db8::7']) {
      // The eleventh different code is the one refused by the lock it starts.
      for (let i = 0; i < 11; i++) await signIn(`${String(i).padStart(5, '0')}-zzzzz`, p.meetingId, address);
    }
    const listed = await clerk('GET', `/api/meetings/${p.meetingId}/sign-in-locks`);
    expect(listed.status).toBe(200);
    expect(listed.body.locks).toEqual([
      { address: '192.0.2.50', failures: 11, lockedUntil: new Date(t.deps.now().getTime() + 300_000).toISOString(), retryAfter: 300 },
      { address: '2001:db8::7', failures: 11, lockedUntil: new Date(t.deps.now().getTime() + 300_000).toISOString(), retryAfter: 300 },
    ]);
    expect((await signIn(p.members[0]!.code, p.meetingId, '2001:db8::7')).status).toBe(429);
    const one = await clerk('DELETE', `/api/meetings/${p.meetingId}/sign-in-locks/${encodeURIComponent('2001:db8::7')}`);
    expect(one).toMatchObject({ status: 200, body: { cleared: 1 } });
    expect((await signIn(p.members[0]!.code, p.meetingId, '2001:db8::7')).status).toBe(200);
    expect((await signIn(p.members[1]!.code)).status).toBe(429);
    expect(await clerk('DELETE', `/api/meetings/${p.meetingId}/sign-in-locks`)).toMatchObject({ status: 200, body: { cleared: 1 } });
    expect((await signIn(p.members[1]!.code)).status).toBe(200);
    expect((await clerk('GET', `/api/meetings/${p.meetingId}/sign-in-locks`)).body.locks).toEqual([]);
    // Officers only, and a meeting that exists.
    expect((await caller(t, null)('DELETE', `/api/meetings/${p.meetingId}/sign-in-locks`)).status).toBe(401);
    expect((await clerk('GET', '/api/meetings/mtg_nosuchmeeting/sign-in-locks')).status).toBe(404);
  });

  it('does not count successful sign-ins toward the lockout (a room of tablets behind one address)', async () => {
    await setup({ members: 12, observers: 0 });
    for (const m of p.members) expect((await signIn(m.code)).status).toBe(200);
  });

  it('refuses sign-in once the meeting is closed', async () => {
    await setup();
    t.handle.sqlite.prepare("UPDATE meetings SET status = 'closed' WHERE id = ?").run(p.meetingId);
    await expectRefused(t, () => signIn(p.members[0]!.code), 409, 'meeting_locked');
  });

  it('signs out: the token dies, presence ends, and coming back needs a re-issued slip', async () => {
    await setup();
    const person = p.members[0]!;
    const token = await signInWithSlip(t, p.meetingId, person.code);
    const out = await t.app.request('/api/tablet/sign-out', { method: 'POST', headers: bearer(token) });
    expect(out.status).toBe(204);
    expect((await t.app.request('/api/tablet/me', { headers: bearer(token) })).status).toBe(401);
    await expectRefused(t, () => signIn(person.code), 409, 'slip_used');
    const fresh = (await clerk('POST', `/api/meetings/${p.meetingId}/slips/${person.personId}/reissue`)).body.slips[0];
    const again = await signIn(fresh.code);
    expect(again.status).toBe(200);
    const detail = (await clerk('GET', `/api/meetings/${p.meetingId}`)).body;
    expect(detail.attendees.find((a: { personId: string }) => a.personId === person.personId)).toMatchObject({ present: true, signedOutAt: null });
  });

  it('lets the clerk or presiding officer mark someone as left, ending their tablet session', async () => {
    await setup();
    const person = p.members[0]!;
    const token = await signInWithSlip(t, p.meetingId, person.code);
    const presiding = caller(t, await officerAgent(t, 'presiding'));
    expect((await presiding('POST', `/api/meetings/${p.meetingId}/attendees/${person.personId}/left`)).status).toBe(204);
    expect((await t.app.request('/api/tablet/me', { headers: bearer(token) })).status).toBe(401);
    await expectRefused(t, () => presiding('POST', `/api/meetings/${p.meetingId}/attendees/${person.personId}/left`), 409, 'conflict');
    const inspector = caller(t, await officerAgent(t, 'inspector'));
    await expectRefused(t, () => inspector('POST', `/api/meetings/${p.meetingId}/attendees/${p.members[1]!.personId}/left`), 403, 'forbidden');
  });

  it('re-admits someone marked as left by mistake: a re-issued slip, a new sign-in, present again (README, "Running a meeting")', async () => {
    await setup();
    const person = p.members[1]!;
    await signInWithSlip(t, p.meetingId, person.code);
    const presiding = caller(t, await officerAgent(t, 'presiding'));
    const presentMembers = async () => ((await (await t.app.request(`/api/meetings/${p.meetingId}/state`)).json()) as { presence: { presentMembers: number } }).presence.presentMembers;
    expect(await presentMembers()).toBe(1);
    expect((await presiding('POST', `/api/meetings/${p.meetingId}/attendees/${person.personId}/left`)).status).toBe(204);
    expect(await presentMembers()).toBe(0);
    // The old code is spent; only a re-issued one lets them back.
    await expectRefused(t, () => signIn(person.code), 409, 'slip_used');
    const fresh = (await clerk('POST', `/api/meetings/${p.meetingId}/slips/${person.personId}/reissue`)).body.slips[0];
    expect((await signIn(fresh.code)).status).toBe(200);
    expect(await presentMembers()).toBe(1);
    const detail = (await clerk('GET', `/api/meetings/${p.meetingId}`)).body;
    expect(detail.attendees.find((a: { personId: string }) => a.personId === person.personId)).toMatchObject({ present: true, signedOutAt: null });
  });

  it('tells the meeting\'s live streams when presence changes (counts only)', async () => {
    await setup();
    const { hubFor } = await import('../../../src/events/hub');
    const events: Array<{ type: string; data: Record<string, unknown> }> = [];
    hubFor(t.deps).subscribe(p.meetingId, (e) => events.push(e));
    const token = await signInWithSlip(t, p.meetingId, p.members[0]!.code);
    await signInWithSlip(t, p.meetingId, p.observers[0]!.code);
    await t.app.request('/api/tablet/sign-out', { method: 'POST', headers: bearer(token) });
    expect(events.map((e) => [e.type, e.data.presentMembers, e.data.presentObservers])).toEqual([
      ['presence', 1, 0],
      ['presence', 1, 1],
      ['presence', 0, 1],
    ]);
    expect(JSON.stringify(events)).not.toContain(p.members[0]!.personId);
  });

  it('answers 401 to a tablet without a token, with a malformed or unknown one', async () => {
    await setup();
    expect((await t.app.request('/api/tablet/me')).status).toBe(401);
    expect((await t.app.request('/api/tablet/me', { headers: { authorization: 'Bearer !!' } })).status).toBe(401);
    expect((await t.app.request('/api/tablet/me', { headers: bearer('A'.repeat(43)) })).status).toBe(401);
    expect((await t.app.request('/api/tablet/sign-out', { method: 'POST', headers: bearer('A'.repeat(43)) })).status).toBe(401);
    // An officer's cookie is not a tablet.
    expect((await t.app.request('/api/tablet/me', { headers: { cookie: p.clerk.cookie } })).status).toBe(401);
  });
});
