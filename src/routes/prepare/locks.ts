import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi';
import { requireOfficer } from '../../auth/guards';
import { clearSignInLocks, listSignInLocks } from '../../auth/sign-in-locks';
import { unlockOfficer } from '../../auth/unlock-officer';
import type { AppEnv } from '../../http/env';
import { validationHook } from '../../http/validation';
import { IdParams, cookieAuth, json, officerProblems, problems } from './schemas';

const SignInLock = z
  .object({
    address: z.string().openapi({ description: 'The client address (behind a trusted proxy, the tablet’s own)' }),
    failures: z.number().int().openapi({ description: 'Attempts with different codes counted in the current 15-minute window (over 10: locked)' }),
    lockedUntil: z.string().nullable().openapi({ description: 'ISO time the lock ends; null while only counting' }),
    retryAfter: z.number().int().openapi({ description: 'Seconds until the lock ends; 0 while only counting' }),
  })
  .openapi('SignInLock');

const Cleared = z.object({ cleared: z.number().int().openapi({ description: 'How many locks in force were lifted' }) }).openapi('LocksCleared');
const AddressParams = IdParams.extend({ address: z.string().min(1).max(64) });

const lockRoles = ['clerk', 'presiding'] as const;

const routes = {
  list: createRoute({
    method: 'get', path: '/meetings/{id}/sign-in-locks', tags: ['slips'], security: cookieAuth, middleware: [requireOfficer(...lockRoles)], 'x-roles': [...lockRoles],
    summary: 'Addresses whose sign-in attempts at this meeting are counted or locked',
    description:
      'Ten different refused codes from one address in 15 minutes lock it out of signing in at this meeting for 5 minutes ' +
      '(429 rate_limited with retryAfter and Retry-After). The list shows every address still counting or locked.',
    request: { params: IdParams },
    responses: { 200: json(z.object({ locks: z.array(SignInLock) }), 'Counted and locked addresses'), ...officerProblems, 404: problems[404] },
  }),
  clearAll: createRoute({
    method: 'delete', path: '/meetings/{id}/sign-in-locks', tags: ['slips'], security: cookieAuth, middleware: [requireOfficer(...lockRoles)], 'x-roles': [...lockRoles],
    summary: 'Lift every sign-in lock of this meeting (the room can sign in again at once)',
    request: { params: IdParams },
    responses: { 200: json(Cleared, 'Lifted'), ...officerProblems, 404: problems[404] },
  }),
  clearOne: createRoute({
    method: 'delete', path: '/meetings/{id}/sign-in-locks/{address}', tags: ['slips'], security: cookieAuth, middleware: [requireOfficer(...lockRoles)], 'x-roles': [...lockRoles],
    summary: 'Lift the sign-in lock of one address (as listed; percent-encode an IPv6 address)',
    request: { params: AddressParams },
    responses: { 200: json(Cleared, 'Lifted (0 when that address was not locked)'), ...officerProblems, 404: problems[404] },
  }),
  unlockOfficer: createRoute({
    method: 'post', path: '/officers/{id}/unlock', tags: ['officers'], security: cookieAuth, middleware: [requireOfficer('admin')], 'x-roles': ['admin'],
    summary: 'Lift an officer’s login locks from every address',
    description:
      'Five wrong passwords for one account from one address in 15 minutes lock that account from that address for 15 minutes ' +
      '(429 rate_limited with retryAfter and Retry-After); other addresses are unaffected. GET /officers shows lockedUntil.',
    request: { params: IdParams },
    responses: { 200: json(Cleared, 'Lifted'), ...officerProblems, 404: problems[404] },
  }),
};

/** Lifting throttle locks: the clerk's sign-in locks of a meeting, the admin's officer locks. */
export function lockRoutes() {
  return new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
    .openapi(routes.list, async (c) => c.json({ locks: await listSignInLocks(c.get('deps'), c.req.valid('param').id) }, 200))
    .openapi(routes.clearAll, async (c) => c.json(await clearSignInLocks(c.get('deps'), c.req.valid('param').id), 200))
    .openapi(routes.clearOne, async (c) => {
      const { id, address } = c.req.valid('param');
      return c.json(await clearSignInLocks(c.get('deps'), id, address), 200);
    })
    .openapi(routes.unlockOfficer, async (c) => c.json(await unlockOfficer(c.get('deps'), c.req.valid('param').id), 200));
}
