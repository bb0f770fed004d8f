import { SELF } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { newId } from '../../src/ids';
import { BASE, login, loginAgent, seedOfficer } from './officers';

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
