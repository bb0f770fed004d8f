import { SELF } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { createOfficer } from '../../src/auth/create-officer';
import type { OfficerRole } from '../../src/db/schema';
import { newId } from '../../src/ids';
import { d1Db } from './env';

const BASE = 'https://sealvote.test';
const PASSWORD = 'correct horse battery staple';
/** scrypt N = 2^10 for accounts made directly in the test; asked for explicitly, tests only. */
const TEST_KDF = { logN: 10 } as const;

/** An officer written straight into D1 (no admin yet), with a name unique to this test. */
async function seedOfficer(role: OfficerRole) {
  const username = newId(role).replace('_', '.');
  await createOfficer(d1Db(), { username, displayName: username, role, password: PASSWORD }, { now: new Date(), kdf: TEST_KDF });
  return username;
}

async function login(username: string, password = PASSWORD) {
  const res = await SELF.fetch(`${BASE}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'cf-connecting-ip': '192.0.2.10' },
    body: JSON.stringify({ username, password }),
  });
  return res;
}

async function loginAgent(username: string) {
  const res = await login(username);
  expect(res.status).toBe(200);
  const cookie = /^(sealvote_session=[^;]+)/.exec(res.headers.get('set-cookie') ?? '')?.[1];
  expect(cookie).toBeDefined();
  const { csrfToken } = (await res.json()) as { csrfToken: string };
  return { cookie: cookie!, csrf: csrfToken, setCookie: res.headers.get('set-cookie')! };
}

describe('officer sessions on D1 through the Worker', () => {
  it('logs in, reads the session, logs out, and the session is gone', async () => {
    const username = await seedOfficer('clerk');
    const agent = await loginAgent(username);
    // A Worker is served over https: the cookie is Secure as well as HttpOnly and SameSite=Strict.
    expect(agent.setCookie).toContain('Secure');
    expect(agent.setCookie).toContain('HttpOnly');
    expect(agent.setCookie).toContain('SameSite=Strict');

    const session = await SELF.fetch(`${BASE}/api/auth/session`, { headers: { cookie: agent.cookie } });
    expect(session.status).toBe(200);
    expect(await session.json()).toMatchObject({ officer: { username, role: 'clerk' }, csrfToken: agent.csrf });

    const logout = await SELF.fetch(`${BASE}/api/auth/logout`, { method: 'POST', headers: { cookie: agent.cookie, 'x-csrf-token': agent.csrf } });
    expect(logout.status).toBe(204);
    const after = await SELF.fetch(`${BASE}/api/auth/session`, { headers: { cookie: agent.cookie } });
    expect(after.status).toBe(401);
  });

  it('refuses a wrong password with problem+json 401', async () => {
    const username = await seedOfficer('inspector');
    const res = await login(username, 'not the password at all');
    expect(res.status).toBe(401);
    expect((await res.json()).code).toBe('login_failed');
  });

  it('lets exactly one of several concurrent requests create the same account', async () => {
    const admin = await loginAgent(await seedOfficer('admin'));
    const username = newId('clerk').replace('_', '.');
    const create = () =>
      SELF.fetch(`${BASE}/api/officers`, {
        method: 'POST',
        headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrf, 'content-type': 'application/json' },
        body: JSON.stringify({ username, displayName: '李文书', role: 'clerk', password: 'another long password' }),
      });
    const responses = await Promise.all([create(), create(), create()]);
    const statuses = responses.map((r) => r.status).sort();
    expect(statuses).toEqual([201, 409, 409]);
  });
});
