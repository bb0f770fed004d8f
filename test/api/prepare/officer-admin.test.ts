/**
 * Issue 17, point 5: the administrator disables, enables and resets officer accounts. Disabling
 * or a new password ends the account's sessions; nobody disables themselves or the last enabled
 * administrator.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../../support/app';
import { createOfficer, loginAs, officerAgent } from '../../support/officers';
import { caller, expectRefused } from './helpers';

let t: TestApp;
afterEach(() => t?.close());

describe('officer accounts', () => {
  it('disabling ends the sessions and refuses sign-in until enabled again', async () => {
    t = makeTestApp();
    const admin = caller(t, await officerAgent(t, 'admin'));
    const chair = await createOfficer(t.deps, { username: 'chair', role: 'presiding' });
    const session = caller(t, await loginAs(t.app, 'chair'));
    expect((await session('GET', '/api/meetings')).status).toBe(200);
    expect((await admin('POST', `/api/officers/${chair.id}/disable`)).status).toBe(200);
    expect((await session('GET', '/api/meetings')).status).toBe(401);
    await expect(loginAs(t.app, 'chair')).rejects.toThrow(/401/);
    const listed = (await admin('GET', '/api/officers')).body.officers.find((o: { id: string }) => o.id === chair.id);
    expect(listed.disabled).toBe(true);
    expect((await admin('POST', `/api/officers/${chair.id}/enable`)).status).toBe(200);
    expect((await caller(t, await loginAs(t.app, 'chair'))('GET', '/api/meetings')).status).toBe(200);
  });

  it('never disables one\'s own account or the last enabled administrator', async () => {
    t = makeTestApp();
    const me = await createOfficer(t.deps, { username: 'admin', role: 'admin' });
    const admin = caller(t, await loginAs(t.app, 'admin'));
    expect(await expectRefused(t, () => admin('POST', `/api/officers/${me.id}/disable`), 409, 'conflict')).toMatchObject({ reason: 'self' });
    const other = await createOfficer(t.deps, { username: 'admin2', role: 'admin' });
    const second = caller(t, await loginAs(t.app, 'admin2'));
    expect((await admin('POST', `/api/officers/${other.id}/disable`)).status).toBe(200);
    // admin2 is disabled: its session is gone, so it can no longer disable the last admin.
    expect((await second('POST', `/api/officers/${me.id}/disable`)).status).toBe(401);
    expect((await admin('GET', '/api/officers')).body.officers.filter((o: { disabled: boolean; role: string }) => o.role === 'admin' && !o.disabled)).toHaveLength(1);
    await expectRefused(t, () => admin('POST', '/api/officers/ofc_00000000000000000000/disable'), 404, 'not_found');
  });

  it('a new password replaces the old one and ends the sessions; a short one is refused', async () => {
    t = makeTestApp();
    const admin = caller(t, await officerAgent(t, 'admin'));
    const clerk = await createOfficer(t.deps, { username: 'clerk', role: 'clerk' });
    const session = caller(t, await loginAs(t.app, 'clerk'));
    await expectRefused(t, () => admin('POST', `/api/officers/${clerk.id}/password`, { password: 'short' }), 400, 'validation_failed');
    expect((await admin('POST', `/api/officers/${clerk.id}/password`, { password: 'a brand new long passphrase' })).status).toBe(200);
    expect((await session('GET', '/api/meetings')).status).toBe(401);
    await expect(loginAs(t.app, 'clerk')).rejects.toThrow(/401/);
    expect((await caller(t, await loginAs(t.app, 'clerk', 'a brand new long passphrase'))('GET', '/api/meetings')).status).toBe(200);
    // Only an administrator.
    const asClerk = caller(t, await loginAs(t.app, 'clerk', 'a brand new long passphrase'));
    await expectRefused(t, () => asClerk('POST', `/api/officers/${clerk.id}/enable`), 403, 'forbidden');
  });
});
