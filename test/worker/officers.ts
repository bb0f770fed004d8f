import { SELF } from 'cloudflare:test';
import { expect } from 'vitest';
import { createOfficer } from '../../src/auth/create-officer';
import type { OfficerRole } from '../../src/db/schema';
import { newId } from '../../src/ids';
import { d1Db } from './env';

export const BASE = 'https://sealvote.test';
export const PASSWORD = 'correct horse battery staple';
/** scrypt N = 2^10 for accounts made directly in the test; asked for explicitly, tests only. */
const TEST_KDF = { logN: 10 } as const;

/** An officer written straight into D1 (no admin yet), with a name unique to this test. */
export async function seedOfficer(role: OfficerRole): Promise<string> {
  const username = newId(role).replace('_', '.');
  await createOfficer(d1Db(), { username, displayName: username, role, password: PASSWORD }, { now: new Date(), kdf: TEST_KDF });
  return username;
}

export function login(username: string, password = PASSWORD): Promise<Response> {
  return SELF.fetch(`${BASE}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'cf-connecting-ip': '192.0.2.10' },
    body: JSON.stringify({ username, password }),
  });
}

/** Logs in through the Worker; returns what a browser would hold afterwards. */
export async function loginAgent(username: string): Promise<{ cookie: string; csrf: string; setCookie: string }> {
  const res = await login(username);
  expect(res.status).toBe(200);
  const setCookie = res.headers.get('set-cookie') ?? '';
  const cookie = /^(sealvote_session=[^;]+)/.exec(setCookie)?.[1];
  if (!cookie) throw new Error(`login set no session cookie: ${setCookie}`);
  const { csrfToken } = (await res.json()) as { csrfToken: string };
  return { cookie, csrf: csrfToken, setCookie };
}
