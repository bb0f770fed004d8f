import { afterEach, describe, expect, it } from 'vitest';
import { createClient } from '../../../src/client';
import { makeTestApp, type TestApp } from '../../support/app';
import { createOfficer, TEST_PASSWORD } from '../../support/officers';

let t: TestApp;
afterEach(() => t?.close());

describe('the typed client (hc)', () => {
  it('logs in, creates a committee and reads it back with typed calls', async () => {
    t = makeTestApp();
    await createOfficer(t.deps, { username: 'clerk', role: 'clerk' });
    let cookie = '';
    let csrf = '';
    const fetchImpl = (async (input: RequestInfo | URL, init?: RequestInit) => {
      const res = await t.app.request(input instanceof Request ? input : String(input), init);
      const set = res.headers.get('set-cookie');
      if (set) cookie = set.split(';')[0]!;
      return res;
    }) as typeof fetch;
    const api = createClient('http://localhost', fetchImpl, () => ({ cookie, 'x-csrf-token': csrf }));

    const login = await api.auth.login.$post({ json: { username: 'clerk', password: TEST_PASSWORD } });
    expect(login.status).toBe(200);
    if (login.status !== 200) return;
    const session = await login.json();
    csrf = session.csrfToken;
    expect(session.officer.role).toBe('clerk');

    const created = await api.committees.$post({ json: { name: '县委常委会', timeZone: 'Asia/Shanghai' } });
    expect(created.status).toBe(201);
    if (created.status !== 201) return;
    const committee = await created.json();
    const read = await api.committees[':id'].$get({ param: { id: committee.id } });
    expect(read.status).toBe(200);
    if (read.status !== 200) return;
    expect((await read.json()).barRule).toBe('disapprove-half');
  });

  it('types the request bodies (checked by tsc: a wrong field does not compile)', () => {
    const api = createClient('http://localhost', (async () => new Response('{}')) as unknown as typeof fetch);
    const call = () =>
      // @ts-expect-error 'nam' is not a field of NewCommittee
      api.committees.$post({ json: { nam: 'x' } });
    expect(typeof call).toBe('function');
  });
});
