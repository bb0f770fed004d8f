import { afterEach, describe, expect, it } from 'vitest';
import { createOfficer, loginAs, officerAgent, TEST_PASSWORD } from '../../support/officers';
import { makeTestApp, type TestApp } from '../../support/app';

let t: TestApp;
afterEach(() => t?.close());

const JSON_HEADERS = { 'content-type': 'application/json' };
const newOfficer = (username: string) => JSON.stringify({ username, displayName: username, role: 'clerk', password: 'a new long password' });

async function login(username: string, password: string, headers: Record<string, string> = {}) {
  return t.app.request('/api/auth/login', { method: 'POST', headers: { ...JSON_HEADERS, ...headers }, body: JSON.stringify({ username, password }) });
}

function countRows(table: string): number {
  return (t.handle.sqlite.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;
}

describe('login and sessions', () => {
  it('logs in, sets a HttpOnly SameSite=Strict cookie, and returns the officer and a CSRF token', async () => {
    t = makeTestApp();
    const o = await createOfficer(t.deps, { username: 'wang.clerk', role: 'clerk', displayName: '王文书' });
    const res = await login('wang.clerk', o.password);
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.officer).toEqual({ id: o.id, username: 'wang.clerk', displayName: '王文书', role: 'clerk' });
    expect(body.csrfToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const cookie = res.headers.get('set-cookie')!;
    expect(cookie).toMatch(/^sealvote_session=[A-Za-z0-9_-]{43};/);
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Strict');
    expect(cookie).toContain('Path=/');
    expect(cookie).toContain('Max-Age=28800');
    expect(cookie).not.toContain('Secure');
  });

  it('sets Secure on the cookie when configured (anything but localhost)', async () => {
    t = makeTestApp({ config: { secureCookies: true } });
    await createOfficer(t.deps, { username: 'clerk', role: 'clerk' });
    const res = await login('clerk', TEST_PASSWORD);
    expect(res.headers.get('set-cookie')).toContain('Secure');
  });

  it('stores only the SHA-256 of the session id', async () => {
    t = makeTestApp();
    await createOfficer(t.deps, { username: 'clerk', role: 'clerk' });
    const agent = await loginAs(t.app, 'clerk');
    const id = agent.cookie.split('=')[1]!;
    const rows = t.handle.sqlite.prepare('SELECT token_hash FROM officer_sessions').all() as Array<{ token_hash: string }>;
    expect(rows).toHaveLength(1);
    expect(rows[0]!.token_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(rows[0]!.token_hash).not.toContain(id);
  });

  it('answers GET /api/auth/session with the officer and the same CSRF token', async () => {
    t = makeTestApp();
    const agent = await officerAgent(t, 'inspector');
    const res = await t.app.request('/api/auth/session', { headers: { cookie: agent.cookie } });
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.officer.role).toBe('inspector');
    expect(body.csrfToken).toBe(agent.csrf);
    expect((await t.app.request('/api/auth/session')).status).toBe(401);
  });

  it('refuses a wrong password, an unknown user and a disabled account with the same 401', async () => {
    t = makeTestApp();
    const o = await createOfficer(t.deps, { username: 'clerk', role: 'clerk' });
    const wrong = await login('clerk', 'not the password');
    const unknown = await login('nobody', TEST_PASSWORD, { 'x-test-address': '192.0.2.9' });
    t.handle.sqlite.prepare('UPDATE officers SET disabled_at = 1 WHERE id = ?').run(o.id);
    const disabled = await login('clerk', TEST_PASSWORD, { 'x-test-address': '192.0.2.10' });
    for (const res of [wrong, unknown, disabled]) {
      expect(res.status).toBe(401);
      expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect((await res.json()).type).toBe('urn:sealvote:problem:login_failed');
      expect(res.headers.get('set-cookie')).toBeNull();
    }
    expect(countRows('officer_sessions')).toBe(0);
  });

  it('rotates the session on login: the browser\'s old session id dies', async () => {
    t = makeTestApp();
    await createOfficer(t.deps, { username: 'clerk', role: 'clerk' });
    const first = await loginAs(t.app, 'clerk');
    const again = await login('clerk', TEST_PASSWORD, { cookie: first.cookie });
    expect(again.status).toBe(200);
    const second = /sealvote_session=[^;]+/.exec(again.headers.get('set-cookie')!)![0];
    expect(second).not.toBe(first.cookie);
    expect((await t.app.request('/api/auth/session', { headers: { cookie: first.cookie } })).status).toBe(401);
    expect((await t.app.request('/api/auth/session', { headers: { cookie: second } })).status).toBe(200);
    expect(countRows('officer_sessions')).toBe(1);
  });

  it('expires a session after config.sessionTtlMs', async () => {
    t = makeTestApp({ config: { sessionTtlMs: 60_000 } });
    const agent = await officerAgent(t, 'clerk');
    t.clock.advance(59_999);
    expect((await t.app.request('/api/auth/session', { headers: { cookie: agent.cookie } })).status).toBe(200);
    t.clock.advance(1);
    expect((await t.app.request('/api/auth/session', { headers: { cookie: agent.cookie } })).status).toBe(401);
  });

  it('logs out: the session is deleted and the cookie cleared', async () => {
    t = makeTestApp();
    const agent = await officerAgent(t, 'clerk');
    const res = await t.app.request('/api/auth/logout', { method: 'POST', headers: agent.headers() });
    expect(res.status).toBe(204);
    expect(res.headers.get('set-cookie')).toMatch(/sealvote_session=;.*Max-Age=0/);
    expect((await t.app.request('/api/auth/session', { headers: { cookie: agent.cookie } })).status).toBe(401);
    expect(countRows('officer_sessions')).toBe(0);
  });

  it('refuses a login posted from another site', async () => {
    t = makeTestApp();
    await createOfficer(t.deps, { username: 'clerk', role: 'clerk' });
    const res = await login('clerk', TEST_PASSWORD, { origin: 'https://evil.example' });
    expect(res.status).toBe(403);
    expect((await res.json()).code).toBe('csrf_failed');
    const fetchMeta = await login('clerk', TEST_PASSWORD, { 'sec-fetch-site': 'cross-site' });
    expect(fetchMeta.status).toBe(403);
    expect(countRows('officer_sessions')).toBe(0);
    expect((await login('clerk', TEST_PASSWORD, { origin: 'http://localhost' })).status).toBe(200);
  });

  it('refuses malformed, unknown-field and oversized login bodies', async () => {
    t = makeTestApp({ config: { maxBodyBytes: 2048 } });
    const bad = await t.app.request('/api/auth/login', { method: 'POST', headers: JSON_HEADERS, body: '{"username":' });
    expect(bad.status).toBe(400);
    expect((await bad.json()).code).toBe('malformed_json');
    const extra = await t.app.request('/api/auth/login', { method: 'POST', headers: JSON_HEADERS, body: JSON.stringify({ username: 'a', password: 'b', admin: true }) });
    expect(extra.status).toBe(400);
    expect((await extra.json()).code).toBe('validation_failed');
    const big = await t.app.request('/api/auth/login', { method: 'POST', headers: JSON_HEADERS, body: JSON.stringify({ username: 'a', password: 'b'.repeat(4096) }) });
    expect(big.status).toBe(413);
  });
});

describe('login throttles', () => {
  it('locks an account from one address for 15 minutes after 5 failures there, with the wait in the problem and Retry-After', async () => {
    t = makeTestApp();
    await createOfficer(t.deps, { username: 'clerk', role: 'clerk' });
    const attacker = { 'x-test-address': '198.51.100.66' };
    for (let i = 0; i < 5; i++) expect((await login('clerk', 'wrong password', attacker)).status).toBe(401);
    const locked = await login('clerk', TEST_PASSWORD, attacker);
    expect(locked.status).toBe(429);
    const problem = await locked.json();
    expect(problem).toMatchObject({ code: 'rate_limited', retryAfter: 900 });
    expect(Number(locked.headers.get('retry-after'))).toBe(900);
    expect(countRows('officer_sessions')).toBe(0);
    t.clock.advance(14 * 60_000);
    const later = await login('clerk', TEST_PASSWORD, attacker);
    expect(later.status).toBe(429);
    expect((await later.json()).retryAfter).toBe(60);
    t.clock.advance(60_000);
    expect((await login('clerk', TEST_PASSWORD, attacker)).status).toBe(200);
  });

  it('never locks the officer out of their own machine: guesses from another address lock only that address (issue 20)', async () => {
    t = makeTestApp();
    await createOfficer(t.deps, { username: 'presiding', role: 'presiding' });
    // Five failures from each of several addresses, renewed after every lock: the account's
    // owner at 203.0.113.10 still logs in at once.
    for (let round = 0; round < 3; round++) {
      for (let a = 0; a < 3; a++) {
        for (let i = 0; i < 6; i++) await login('presiding', 'wrong password', { 'x-test-address': `198.51.100.${a}` });
      }
      expect((await login('presiding', TEST_PASSWORD, { 'x-test-address': '203.0.113.10' })).status).toBe(200);
      t.clock.advance(15 * 60_000 + 1);
    }
  });

  it('locks an address trying many accounts after 20 failures, whatever the accounts', async () => {
    t = makeTestApp();
    await createOfficer(t.deps, { username: 'clerk', role: 'clerk' });
    // Four wrong passwords on each of five accounts: no account lock, but twenty from one address.
    // (Real accounts with the tests' cheap KDF: an unknown name costs a full-cost scrypt, by design.)
    for (let a = 0; a < 5; a++) await createOfficer(t.deps, { username: `target${a}`, role: 'clerk' });
    for (let i = 0; i < 20; i++) expect((await login(`target${i % 5}`, 'wrong password')).status).toBe(401);
    expect((await login('clerk', TEST_PASSWORD)).status).toBe(429);
    expect((await login('clerk', TEST_PASSWORD, { 'x-test-address': '203.0.113.5' })).status).toBe(200);
  });

  it('lets an administrator see and lift an officer’s locks (POST /api/officers/{id}/unlock)', async () => {
    t = makeTestApp();
    const clerk = await createOfficer(t.deps, { username: 'clerk', role: 'clerk' });
    const admin = await officerAgent(t, 'admin');
    const from = { 'x-test-address': '198.51.100.9' };
    for (let i = 0; i < 5; i++) await login('clerk', 'wrong password', from);
    expect((await login('clerk', TEST_PASSWORD, from)).status).toBe(429);
    const list = await (await t.app.request('/api/officers', { headers: { cookie: admin.cookie } })).json();
    const row = list.officers.find((o: { id: string }) => o.id === clerk.id);
    expect(row.lockedUntil).toBe(new Date(t.deps.now().getTime() + 15 * 60_000).toISOString());
    expect(list.officers.find((o: { username: string }) => o.username === 'admin').lockedUntil).toBeNull();
    // Only an administrator may lift it.
    const presiding = await officerAgent(t, 'presiding');
    expect((await t.app.request(`/api/officers/${clerk.id}/unlock`, { method: 'POST', headers: presiding.headers() })).status).toBe(403);
    expect((await t.app.request('/api/officers/ofc_nosuchofficer/unlock', { method: 'POST', headers: admin.headers() })).status).toBe(404);
    const unlocked = await t.app.request(`/api/officers/${clerk.id}/unlock`, { method: 'POST', headers: admin.headers() });
    expect(unlocked.status).toBe(200);
    expect(await unlocked.json()).toEqual({ cleared: 1 });
    expect((await login('clerk', TEST_PASSWORD, from)).status).toBe(200);
  });

  it('counts failures only within a 15-minute window, and a success resets the account', async () => {
    t = makeTestApp();
    await createOfficer(t.deps, { username: 'clerk', role: 'clerk' });
    for (let i = 0; i < 4; i++) await login('clerk', 'wrong password');
    t.clock.advance(15 * 60_000);
    for (let i = 0; i < 4; i++) expect((await login('clerk', 'wrong password')).status).toBe(401);
    expect((await login('clerk', TEST_PASSWORD)).status).toBe(200);
    for (let i = 0; i < 4; i++) expect((await login('clerk', 'wrong password', { 'x-test-address': '203.0.113.6' })).status).toBe(401);
    expect((await login('clerk', TEST_PASSWORD, { 'x-test-address': '203.0.113.6' })).status).toBe(200);
  });
});

describe('role and CSRF checks (requireOfficer)', () => {
  it('answers 401 without a session and 403 for the wrong role; admin implies no other role', async () => {
    t = makeTestApp();
    expect((await t.app.request('/api/officers')).status).toBe(401);
    const clerk = await officerAgent(t, 'clerk');
    const res = await t.app.request('/api/officers', { headers: { cookie: clerk.cookie } });
    expect(res.status).toBe(403);
    expect((await res.json()).code).toBe('forbidden');
    const admin = await officerAgent(t, 'admin');
    expect((await t.app.request('/api/officers', { headers: { cookie: admin.cookie } })).status).toBe(200);
  });

  it('refuses a state change without the CSRF token, with a wrong one, or cross-site; accepts a valid one', async () => {
    t = makeTestApp();
    const admin = await officerAgent(t, 'admin');
    const post = (headers: Record<string, string>, username: string) =>
      t.app.request('/api/officers', { method: 'POST', headers: { ...JSON_HEADERS, ...headers }, body: newOfficer(username) });
    const without = await post({ cookie: admin.cookie }, 'one');
    expect(without.status).toBe(403);
    expect((await without.json()).code).toBe('csrf_failed');
    // One character changed (a token that already ends in 'A' would otherwise pass: 1 run in 64).
    const wrong = admin.csrf.slice(0, -1) + (admin.csrf.endsWith('A') ? 'B' : 'A');
    expect((await post({ cookie: admin.cookie, 'x-csrf-token': wrong }, 'two')).status).toBe(403);
    expect((await post({ ...admin.headers(), origin: 'https://evil.example' }, 'three')).status).toBe(403);
    expect((await post({ ...admin.headers(), 'sec-fetch-site': 'cross-site' }, 'four')).status).toBe(403);
    expect(countRows('officers')).toBe(1);
    const ok = await post({ ...admin.headers(), origin: 'http://localhost', 'sec-fetch-site': 'same-origin' }, 'five');
    expect(ok.status).toBe(201);
    expect(countRows('officers')).toBe(2);
  });

  it('accepts the Origin a reverse proxy forwards in X-Forwarded-Host', async () => {
    t = makeTestApp();
    const admin = await officerAgent(t, 'admin');
    const headers = { ...admin.headers(), host: '127.0.0.1:8787', origin: 'https://vote.county.example' };
    const refused = await t.app.request('/api/officers', { method: 'POST', headers, body: newOfficer('p1') });
    expect(refused.status).toBe(403);
    const ok = await t.app.request('/api/officers', { method: 'POST', headers: { ...headers, 'x-forwarded-host': 'vote.county.example' }, body: newOfficer('p2') });
    expect(ok.status).toBe(201);
  });

  it('does not accept another session\'s CSRF token', async () => {
    t = makeTestApp();
    const admin = await officerAgent(t, 'admin');
    const other = await officerAgent(t, 'admin', 'admin2');
    const res = await t.app.request('/api/officers', { method: 'POST', headers: { ...admin.headers(), 'x-csrf-token': other.csrf }, body: newOfficer('x1') });
    expect(res.status).toBe(403);
  });
});

describe('officer accounts (admin)', () => {
  it('creates and lists officers; the password is never echoed', async () => {
    t = makeTestApp();
    const admin = await officerAgent(t, 'admin');
    const res = await t.app.request('/api/officers', {
      method: 'POST',
      headers: admin.headers(),
      body: JSON.stringify({ username: 'li.presiding', displayName: '李主持', role: 'presiding', password: 'presiding password' }),
    });
    expect(res.status).toBe(201);
    const created = await res.json();
    expect(created).toEqual({ id: expect.stringMatching(/^ofc_/), username: 'li.presiding', displayName: '李主持', role: 'presiding' });
    const list = await (await t.app.request('/api/officers', { headers: { cookie: admin.cookie } })).json();
    expect(list.officers.map((o: { username: string }) => o.username)).toEqual(['admin', 'li.presiding']);
    expect(JSON.stringify(list)).not.toContain('scrypt');
    // The new account logs in with its password (at the full default cost).
    expect((await login('li.presiding', 'presiding password')).status).toBe(200);
  });

  it('refuses a duplicate username, a short password, an unknown role and extra fields, changing nothing', async () => {
    t = makeTestApp();
    const admin = await officerAgent(t, 'admin');
    const post = (body: unknown) => t.app.request('/api/officers', { method: 'POST', headers: admin.headers(), body: JSON.stringify(body) });
    const dup = await post({ username: 'admin', displayName: 'x', role: 'clerk', password: 'long enough password' });
    expect(dup.status).toBe(409);
    expect((await dup.json()).code).toBe('already_exists');
    expect((await post({ username: 'a1', displayName: 'x', role: 'clerk', password: 'short' })).status).toBe(400);
    expect((await post({ username: 'a2', displayName: 'x', role: 'root', password: 'long enough password' })).status).toBe(400);
    expect((await post({ username: 'a3', displayName: 'x', role: 'clerk', password: 'long enough password', isAdmin: true })).status).toBe(400);
    expect((await post({ username: 'a4', displayName: 'x\u202e', role: 'clerk', password: 'long enough password' })).status).toBe(400);
    expect(countRows('officers')).toBe(1);
  });
});
