/**
 * Authentication and authorization under attack: missing and wrong credentials, cross-site
 * requests, session fixation and expiry, slip-code guessing, codes carried to another meeting.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { makeTestApp } from '../support/app';
import { createOfficer, loginAs, officerAgent, type OfficerAgent } from '../support/officers';
import { prepareMeeting } from '../support/prepare';
import { openItem, openRoom, reply, snapshot, type Room } from './fixture';

let room: Room | undefined;
afterEach(() => room?.t.close());

const countRows = (r: Room, table: string) => (r.t.handle.sqlite.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;

describe('officer endpoints', () => {
  it('answer 401 without a session, with a forged cookie and with a tablet token', async () => {
    room = await openRoom({ members: 5, observers: 1, items: [{ nominees: 1 }] });
    const { meetingId, committeeId } = room.m;
    const item = room.m.items[0]!.id;
    const targets: Array<[string, string]> = [
      ['POST', `/api/meetings/${meetingId}/close`],
      ['POST', `/api/items/${item}/open`],
      ['POST', `/api/committees/${committeeId}/persons`],
      ['GET', `/api/meetings/${meetingId}/record`],
      ['GET', '/api/officers'],
      ['POST', `/api/meetings/${meetingId}/slips`],
    ];
    const before = snapshot(room.t.handle.sqlite);
    for (const [method, path] of targets) {
      for (const headers of [
        {},
        { cookie: 'sealvote_session=' + 'A'.repeat(43) },
        { cookie: 'sealvote_session=' + 'A'.repeat(5000) },
        { authorization: `Bearer ${room.members[0]!.bearer}` },
      ] as Array<Record<string, string>>) {
        const r = await reply(await room.t.app.request(path, { method, headers: { 'content-type': 'application/json', ...headers }, ...(method === 'POST' ? { body: '{}' } : {}) }));
        expect(r.status, `${method} ${path} ${JSON.stringify(headers).slice(0, 40)}`).toBe(401);
      }
    }
    expect(snapshot(room.t.handle.sqlite)).toBe(before);
  });

  it('answer 403 to every role that is not the one named (separation of duties)', async () => {
    room = await openRoom({ members: 5, observers: 1, items: [{ nominees: 1 }, { nominees: 1 }] });
    const r = room;
    const agents: Record<string, OfficerAgent> = {
      clerk: r.m.clerk,
      presiding: r.presiding,
      admin: await officerAgent(r.t, 'admin'),
      inspector: await officerAgent(r.t, 'inspector'),
      filer: await officerAgent(r.t, 'filer'),
    };
    const item = r.m.items[0]!.id;
    const cases: Array<[string, string, string, unknown?]> = [
      ['clerk', 'POST', `/api/items/${item}/open`],
      ['inspector', 'POST', `/api/items/${item}/open`],
      ['filer', 'POST', `/api/items/${item}/announce`],
      ['admin', 'POST', `/api/meetings/${r.m.meetingId}/close`],
      ['presiding', 'POST', `/api/committees/${r.m.committeeId}/persons`, { kind: 'member', name: '甲', unit: '乙', title: '丙' }],
      ['presiding', 'POST', `/api/meetings/${r.m.meetingId}/slips`],
      ['clerk', 'POST', '/api/officers', { username: 'mallory', role: 'admin', password: 'p'.repeat(20), displayName: 'M' }],
      ['admin', 'GET', `/api/meetings/${r.m.meetingId}/record`],
      ['clerk', 'PUT', '/api/departments/organization/key', { verifierKey: 'x' }],
      ['presiding', 'POST', `/api/meetings/${r.m.meetingId}/cosignatures`, { department: 'organization', line: 'x' }],
    ];
    const before = snapshot(r.t.handle.sqlite);
    for (const [role, method, path, body] of cases) {
      const res = await r.call(method, path, { as: agents[role], ...(body === undefined ? {} : { body }) });
      expect(res.status, `${role} ${method} ${path}: ${JSON.stringify(res.body)}`).toBe(403);
      expect(res.body.code).toBe('forbidden');
    }
    expect(snapshot(r.t.handle.sqlite)).toBe(before);
    // A tablet cannot reach an officer's verb, and an officer cannot fetch a ballot token.
    await openItem(r, item);
    const token = await r.call('POST', `/api/items/${item}/tokens`, { as: r.presiding, body: { round: 1, class: 'A', blinded: 'ab'.repeat(48) } });
    expect(token.status).toBe(401);
  });
});

describe('cross-site requests', () => {
  it('refuse a state change without the CSRF token, with another session\'s token, or from another origin (403)', async () => {
    room = await openRoom({ members: 5, observers: 0, items: [{ nominees: 1 }] });
    const r = room;
    const item = r.m.items[0]!.id;
    const other = await officerAgent(r.t, 'presiding', 'presiding2');
    const path = `/api/items/${item}/open`;
    const send = (headers: Record<string, string>) => Promise.resolve(r.t.app.request(path, { method: 'POST', headers: { 'content-type': 'application/json', ...headers } })).then(reply);
    const before = snapshot(r.t.handle.sqlite);
    const attempts: Array<Record<string, string>> = [
      { cookie: r.presiding.cookie },
      { cookie: r.presiding.cookie, 'x-csrf-token': '' },
      { cookie: r.presiding.cookie, 'x-csrf-token': other.csrf },
      { cookie: r.presiding.cookie, 'x-csrf-token': r.presiding.csrf.slice(1) },
      { ...r.presiding.headers(), origin: 'https://evil.example' },
      { ...r.presiding.headers(), origin: 'null' },
      { ...r.presiding.headers(), 'sec-fetch-site': 'cross-site' },
    ];
    for (const headers of attempts) {
      const res = await send(headers);
      expect(res.status, JSON.stringify(headers)).toBe(403);
      expect(res.body.code).toBe('csrf_failed');
    }
    expect(snapshot(r.t.handle.sqlite)).toBe(before);
    // The same request with its token, from its own origin, goes through.
    expect((await send({ ...r.presiding.headers(), origin: 'http://localhost' })).status).toBe(200);
  });

  it('refuses a login posted from another site (login CSRF)', async () => {
    const t = makeTestApp();
    try {
      await createOfficer(t.deps, { username: 'victim', role: 'clerk' });
      const res = await t.app.request('/api/auth/login', {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: 'https://evil.example' },
        body: JSON.stringify({ username: 'victim', password: 'correct horse battery staple' }),
      });
      expect(res.status).toBe(403);
      expect(res.headers.get('set-cookie')).toBeNull();
    } finally {
      t.close();
    }
  });
});

describe('sessions', () => {
  it('rotate on login: a planted session id (forged or the attacker\'s own) never becomes the victim\'s', async () => {
    const t = makeTestApp();
    try {
      await createOfficer(t.deps, { username: 'mallory', role: 'clerk' });
      await createOfficer(t.deps, { username: 'victim', role: 'presiding' });
      const attacker = await loginAs(t.app, 'mallory');
      for (const planted of [attacker.cookie, 'sealvote_session=chosen-by-the-attacker-0000000000']) {
        const res = await t.app.request('/api/auth/login', {
          method: 'POST',
          headers: { 'content-type': 'application/json', cookie: planted },
          body: JSON.stringify({ username: 'victim', password: 'correct horse battery staple' }),
        });
        expect(res.status).toBe(200);
        const issued = /sealvote_session=([^;]+)/.exec(res.headers.get('set-cookie') ?? '')?.[1];
        expect(issued).toBeTruthy();
        expect(`sealvote_session=${issued}`).not.toBe(planted);
        // The planted id is dead, not upgraded to the victim's role.
        const who = await t.app.request('/api/auth/session', { headers: { cookie: planted } });
        expect(who.status).toBe(401);
      }
    } finally {
      t.close();
    }
  });

  it('expire: after the session lifetime the cookie and its CSRF token are worth nothing', async () => {
    room = await openRoom({ members: 5, observers: 0, items: [{ nominees: 1 }] });
    const r = room;
    r.t.clock.advance(r.t.deps.config.sessionTtlMs - 1000);
    expect((await r.call('GET', '/api/auth/session', { as: r.presiding })).status).toBe(200);
    r.t.clock.advance(1000);
    const before = snapshot(r.t.handle.sqlite);
    expect((await r.call('GET', '/api/auth/session', { as: r.presiding })).status).toBe(401);
    expect((await r.call('POST', `/api/items/${r.m.items[0]!.id}/open`, { as: r.presiding })).status).toBe(401);
    expect(snapshot(r.t.handle.sqlite)).toBe(before);
  });
});

describe('slip codes', () => {
  const signIn = (r: Room, code: string, meetingId = r.m.meetingId, address = '198.51.100.7') =>
    Promise.resolve(r.t.app.request(`/api/meetings/${meetingId}/sign-in`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-test-address': address }, body: JSON.stringify({ code }) })).then(reply);

  it('lock an address out after 10 wrong guesses, even when 30 arrive at once; the right code then waits too', async () => {
    const t = makeTestApp();
    const m = await prepareMeeting(t, { members: 5, observers: 0, items: [{ nominees: 1 }] });
    room = { t, m } as Room;
    const guesses = Array.from({ length: 30 }, (_, i) => `${String(i).padStart(5, '0')}-zzzzz`);
    const results = await Promise.all(guesses.map((g) => signIn(room!, g)));
    const statuses = results.map((x) => x.status);
    expect(statuses.filter((s) => s === 401).length).toBeLessThanOrEqual(10);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(20);
    expect(statuses.every((s) => s === 401 || s === 429)).toBe(true);
    const right = await signIn(room, m.members[0]!.code);
    expect(right.status).toBe(429);
    expect(right.body.code).toBe('rate_limited');
    expect(Number(right.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(countRows(room, 'tablet_sessions')).toBe(0);
    expect(right.body.retryAfter).toBe(300);
    // The lockout lifts after its 5 minutes; the code itself was never burnt by the guesses.
    t.clock.advance(5 * 60_000 + 1);
    expect((await signIn(room, m.members[0]!.code)).status).toBe(200);
  });

  it('of one meeting open nothing at another meeting, and a used code opens nothing twice', async () => {
    const t = makeTestApp();
    const a = await prepareMeeting(t, { members: 5, observers: 0, items: [{ nominees: 1 }] });
    const b = await prepareMeeting(t, { members: 5, observers: 0, items: [{ nominees: 1 }], clerkUsername: 'clerk2' });
    room = { t, m: a } as Room;
    const before = snapshot(t.handle.sqlite);
    const cross = await signIn(room, a.members[0]!.code, b.meetingId);
    expect(cross.status).toBe(401);
    expect(cross.body.code).toBe('slip_invalid');
    expect(snapshot(t.handle.sqlite)).toBe(before);
    expect((await signIn(room, a.members[0]!.code)).status).toBe(200);
    const again = await signIn(room, a.members[0]!.code, a.meetingId, '198.51.100.8');
    expect(again.status).toBe(409);
    expect(countRows(room, 'tablet_sessions')).toBe(1);
  });

  it('a tablet signed in to one meeting gets no token for an item of another', async () => {
    const t = makeTestApp();
    room = await openRoom({ t, members: 5, observers: 0, items: [{ nominees: 1 }] });
    const other = await openRoom({ t, members: 5, observers: 0, items: [{ nominees: 1 }], clerkUsername: 'clerk2', presidingUsername: 'presiding2' });
    await openItem(other, other.m.items[0]!.id);
    await expect(room.members[0]!.requestToken(other.m.items[0]!.id)).rejects.toMatchObject({ status: 403 });
    expect((await other.call('GET', `/api/items/${other.m.items[0]!.id}/progress`)).body.issued).toBe(0);
  });
});

