import { afterEach, describe, expect, it } from 'vitest';
import { officerInsertSql } from '../../scripts/d1-create-officer';
import { loginAs } from '../support/officers';
import { makeTestApp, type TestApp } from '../support/app';

let t: TestApp;
afterEach(() => t?.close());

const PASSWORD = "it's a long enough password";

describe('the first officer of a D1 deployment (scripts/d1-create-officer.ts)', () => {
  it('writes SQL that creates an officer who can then log in', async () => {
    t = makeTestApp();
    const sql = await officerInsertSql({ username: 'Admin.Zhang', role: 'admin', displayName: "张 O'Brien", password: PASSWORD }, t.deps.now(), { logN: 10 });
    expect(sql).not.toContain(PASSWORD);
    t.handle.sqlite.exec(sql);
    const agent = await loginAs(t.app, 'admin.zhang', PASSWORD);
    const session = await t.app.request('/api/auth/session', { headers: { cookie: agent.cookie } });
    expect(await session.json()).toMatchObject({ officer: { username: 'admin.zhang', displayName: "张 O'Brien", role: 'admin' } });
  });

  it('refuses a bad role, a bad name and a short password', async () => {
    const base = { username: 'admin', role: 'admin' as const, displayName: 'a', password: PASSWORD };
    await expect(officerInsertSql({ ...base, role: 'root' as never }, new Date())).rejects.toThrow(/role/);
    await expect(officerInsertSql({ ...base, username: 'x' }, new Date())).rejects.toThrow(/username/);
    await expect(officerInsertSql({ ...base, password: 'short' }, new Date())).rejects.toThrow(/password/);
  });

  it('is refused by the UNIQUE username when the name is taken', async () => {
    t = makeTestApp();
    t.handle.sqlite.exec(await officerInsertSql({ username: 'admin', role: 'admin', displayName: 'a', password: PASSWORD }, new Date(), { logN: 10 }));
    const again = await officerInsertSql({ username: 'admin', role: 'clerk', displayName: 'b', password: PASSWORD }, new Date(), { logN: 10 });
    expect(() => t.handle.sqlite.exec(again)).toThrow(/UNIQUE/);
  });
});
