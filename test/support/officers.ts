import { createOfficer as createOfficerVerb } from '../../src/auth/create-officer';
import type { App } from '../../src/app';
import type { OfficerRole } from '../../src/db/schema';
import type { AppDeps } from '../../src/deps';
import type { OfficerPrincipal } from '../../src/http/env';

/** scrypt with N = 2^10 instead of 2^15: asked for explicitly, in tests only, to keep them quick. */
export const TEST_KDF = { logN: 10 } as const;
export const TEST_PASSWORD = 'correct horse battery staple';

export interface TestOfficer extends OfficerPrincipal {
  password: string;
}

export async function createOfficer(
  deps: AppDeps,
  spec: { username: string; role: OfficerRole; password?: string; displayName?: string },
): Promise<TestOfficer> {
  const password = spec.password ?? TEST_PASSWORD;
  const officer = await createOfficerVerb(
    deps.db,
    { username: spec.username, role: spec.role, password, displayName: spec.displayName ?? spec.username },
    { now: deps.now(), kdf: TEST_KDF },
  );
  return { ...officer, password };
}

export interface OfficerAgent {
  /** `sealvote_session=<id>`, ready for a Cookie header. */
  cookie: string;
  csrf: string;
  /** Cookie, CSRF token and JSON content type: everything a state-changing request needs. */
  headers(): Record<string, string>;
}

/** Logs in through the API and returns what a browser would hold afterwards. */
export async function loginAs(app: App, username: string, password: string = TEST_PASSWORD): Promise<OfficerAgent> {
  const res = await app.request('/api/auth/login', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (res.status !== 200) throw new Error(`login as ${username} failed: ${res.status} ${await res.text()}`);
  const setCookie = res.headers.get('set-cookie') ?? '';
  const cookie = /(?:^|,\s*)(sealvote_session=[^;]+)/.exec(setCookie)?.[1];
  if (!cookie) throw new Error(`login as ${username} set no session cookie: ${setCookie}`);
  const { csrfToken } = (await res.json()) as { csrfToken: string };
  return {
    cookie,
    csrf: csrfToken,
    headers: () => ({ cookie, 'x-csrf-token': csrfToken, 'content-type': 'application/json' }),
  };
}

/** Creates an officer with the role and logs in: the common first two lines of a test. */
export async function officerAgent(t: { app: App; deps: AppDeps }, role: OfficerRole, username: string = role): Promise<OfficerAgent> {
  const o = await createOfficer(t.deps, { username, role });
  return loginAs(t.app, o.username, o.password);
}
