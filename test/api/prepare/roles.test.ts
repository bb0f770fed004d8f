import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OFFICER_ROLES, type OfficerRole } from '../../../src/db/schema';
import { makeTestApp, type TestApp } from '../../support/app';
import { officerAgent, type OfficerAgent } from '../../support/officers';
import { prepareMeeting, type PreparedMeeting } from '../../support/prepare';
import { dbSnapshot } from './helpers';

let t: TestApp;
let p: PreparedMeeting;
const agents = {} as Record<OfficerRole, OfficerAgent>;

beforeAll(async () => {
  t = makeTestApp();
  p = await prepareMeeting(t, { members: 2, observers: 1 });
  for (const role of OFFICER_ROLES) agents[role] = await officerAgent(t, role, `${role}-matrix`);
});
afterAll(() => t.close());

const READ = ['clerk', 'presiding', 'inspector', 'filer'] as const;

/** Every officer endpoint of part 1 with the roles that may call it. */
const ENDPOINTS: Array<{ method: string; path: () => string; roles: readonly OfficerRole[]; body?: () => unknown }> = [
  { method: 'POST', path: () => '/api/officers', roles: ['admin'], body: () => ({ username: 'zz', displayName: 'z', role: 'clerk', password: 'long enough password' }) },
  { method: 'GET', path: () => '/api/officers', roles: ['admin'] },
  { method: 'POST', path: () => '/api/committees', roles: ['clerk'], body: () => ({ name: 'x' }) },
  { method: 'GET', path: () => '/api/committees', roles: READ },
  { method: 'GET', path: () => `/api/committees/${p.committeeId}`, roles: READ },
  { method: 'POST', path: () => `/api/committees/${p.committeeId}/persons`, roles: ['clerk'], body: () => ({ kind: 'member', name: 'n', unit: 'u', title: 't' }) },
  { method: 'GET', path: () => `/api/committees/${p.committeeId}/persons`, roles: READ },
  { method: 'PATCH', path: () => `/api/persons/${p.members[0]!.personId}`, roles: ['clerk'], body: () => ({ active: true }) },
  { method: 'POST', path: () => `/api/committees/${p.committeeId}/posts`, roles: ['clerk'], body: () => ({ unit: 'u', title: 't' }) },
  { method: 'GET', path: () => `/api/committees/${p.committeeId}/posts`, roles: READ },
  { method: 'POST', path: () => `/api/committees/${p.committeeId}/nominees`, roles: ['clerk'], body: () => ({ name: 'n', birthDate: '1980-01-01', currentPost: 'c', resume: '' }) },
  { method: 'GET', path: () => `/api/committees/${p.committeeId}/nominees`, roles: READ },
  { method: 'GET', path: () => `/api/committees/${p.committeeId}/bars`, roles: ['clerk', 'inspector'] },
  { method: 'POST', path: () => '/api/meetings', roles: ['clerk'], body: () => ({ committeeId: p.committeeId, date: '2026-04-01', title: 'x' }) },
  { method: 'GET', path: () => '/api/meetings', roles: READ },
  { method: 'GET', path: () => `/api/meetings/${p.meetingId}`, roles: READ },
  { method: 'POST', path: () => `/api/meetings/${p.meetingId}/excusals`, roles: ['clerk'], body: () => ({ personId: p.members[0]!.personId, reason: 'r' }) },
  { method: 'POST', path: () => `/api/meetings/${p.meetingId}/items`, roles: ['clerk'], body: () => ({ title: 'x', postId: p.items[0]!.postId, nomineeIds: p.items[0]!.nomineeIds }) },
  { method: 'PATCH', path: () => `/api/items/${p.items[0]!.id}`, roles: ['clerk'], body: () => ({ title: 'y' }) },
  { method: 'DELETE', path: () => `/api/items/${p.items[0]!.id}`, roles: ['clerk'] },
  { method: 'POST', path: () => `/api/meetings/${p.meetingId}/slips`, roles: ['clerk'] },
  { method: 'POST', path: () => `/api/meetings/${p.meetingId}/slips/${p.members[0]!.personId}/reissue`, roles: ['clerk'] },
  { method: 'POST', path: () => `/api/meetings/${p.meetingId}/attendees/${p.members[0]!.personId}/left`, roles: ['clerk', 'presiding'] },
];

describe('every officer endpoint checks the role', () => {
  for (const e of ENDPOINTS) {
    it(`${e.method} ${e.path.toString().replace(/^\(\) => /, '')}: 401 without a session, 403 for ${OFFICER_ROLES.filter((r) => !e.roles.includes(r)).join(', ')}`, async () => {
      const init = (headers: Record<string, string>) => ({ method: e.method, headers, ...(e.body ? { body: JSON.stringify(e.body()) } : {}) });
      const before = dbSnapshot(t);
      const anonymous = await t.app.request(e.path(), init({ 'content-type': 'application/json' }));
      expect(anonymous.status).toBe(401);
      for (const role of OFFICER_ROLES.filter((r) => !e.roles.includes(r))) {
        const res = await t.app.request(e.path(), init(agents[role].headers()));
        expect(res.status, role).toBe(403);
        expect((await res.json()).code, role).toBe('forbidden');
      }
      expect(dbSnapshot(t)).toBe(before);
    });
  }
});
