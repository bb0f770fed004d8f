import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi';
import { createOfficer, PASSWORD_MAX, PASSWORD_MIN } from '../../auth/create-officer';
import { requireOfficer } from '../../auth/guards';
import { listOfficers } from '../../auth/list-officers';
import { resetPassword } from '../../auth/reset-password';
import { setOfficerDisabled } from '../../auth/set-officer-disabled';
import type { AppEnv } from '../../http/env';
import { validationHook } from '../../http/validation';
import { IdParams, Officer, Role, cookieAuth, humanText, json, jsonBody, officerProblems, problems } from './schemas';

const NewOfficer = z
  .object({
    username: z.string().regex(/^[a-z0-9][a-z0-9._-]{1,39}$/, 'username: 2–40 of a-z 0-9 . _ -'),
    displayName: humanText(100),
    role: Role,
    password: z.string().min(PASSWORD_MIN).max(PASSWORD_MAX),
  })
  .strict()
  .openapi('NewOfficer');

const createRouteDef = createRoute({
  method: 'post',
  path: '/officers',
  tags: ['officers'],
  summary: 'Create an officer account',
  'x-roles': ['admin'],
  security: cookieAuth,
  middleware: [requireOfficer('admin')],
  request: { body: jsonBody(NewOfficer) },
  responses: { 201: json(Officer, 'Created'), ...officerProblems, 409: problems[409] },
});

const listRoute = createRoute({
  method: 'get',
  path: '/officers',
  tags: ['officers'],
  summary: 'List officer accounts',
  'x-roles': ['admin'],
  security: cookieAuth,
  middleware: [requireOfficer('admin')],
  responses: {
    200: json(z.object({ officers: z.array(Officer.extend({ disabled: z.boolean(), lockedUntil: z.string().nullable().openapi({ description: 'ISO time the latest login lock of this account ends (POST /officers/{id}/unlock lifts it); null when none' }) })) }), 'Every account'),
    ...officerProblems,
  },
});

const adminOnly = { tags: ['officers'], 'x-roles': ['admin'], security: cookieAuth, middleware: [requireOfficer('admin')] };
const Done = z.object({ ok: z.literal(true) }).openapi('Done');

const disableRoute = createRoute({
  method: 'post', path: '/officers/{id}/disable', ...adminOnly,
  summary: 'Disable an account and end its sessions (never one\'s own, never the last enabled admin: 409 conflict)',
  request: { params: IdParams },
  responses: { 200: json(Done, 'Disabled'), ...officerProblems, 404: problems[404], 409: problems[409] },
});
const enableRoute = createRoute({
  method: 'post', path: '/officers/{id}/enable', ...adminOnly,
  summary: 'Enable a disabled account again',
  request: { params: IdParams },
  responses: { 200: json(Done, 'Enabled'), ...officerProblems, 404: problems[404] },
});
const PasswordReset = z.object({ password: z.string().min(PASSWORD_MIN).max(PASSWORD_MAX) }).strict().openapi('PasswordReset');
const passwordRoute = createRoute({
  method: 'post', path: '/officers/{id}/password', ...adminOnly,
  summary: `Set a new password (${PASSWORD_MIN}–${PASSWORD_MAX} characters); every session of the account ends`,
  request: { params: IdParams, body: jsonBody(PasswordReset) },
  responses: { 200: json(Done, 'Changed'), ...officerProblems, 404: problems[404] },
});

export function officerRoutes() {
  return new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
    .openapi(createRouteDef, async (c) => {
      const deps = c.get('deps');
      const officer = await createOfficer(deps.db, c.req.valid('json'), { now: deps.now() });
      return c.json(officer, 201);
    })
    .openapi(disableRoute, async (c) => {
      await setOfficerDisabled(c.get('deps'), c.get('officer')!, c.req.valid('param').id, true);
      return c.json({ ok: true as const }, 200);
    })
    .openapi(enableRoute, async (c) => {
      await setOfficerDisabled(c.get('deps'), c.get('officer')!, c.req.valid('param').id, false);
      return c.json({ ok: true as const }, 200);
    })
    .openapi(passwordRoute, async (c) => {
      await resetPassword(c.get('deps'), c.req.valid('param').id, c.req.valid('json').password);
      return c.json({ ok: true as const }, 200);
    })
    .openapi(listRoute, async (c) => c.json({ officers: await listOfficers(c.get('deps').db, c.get('deps').now()) }, 200));
}
