import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi';
import { createOfficer, PASSWORD_MAX, PASSWORD_MIN } from '../../auth/create-officer';
import { requireOfficer } from '../../auth/guards';
import { listOfficers } from '../../auth/list-officers';
import type { AppEnv } from '../../http/env';
import { validationHook } from '../../http/validation';
import { Officer, Role, cookieAuth, humanText, json, jsonBody, officerProblems, problems } from './schemas';

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

export function officerRoutes() {
  return new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
    .openapi(createRouteDef, async (c) => {
      const deps = c.get('deps');
      const officer = await createOfficer(deps.db, c.req.valid('json'), { now: deps.now() });
      return c.json(officer, 201);
    })
    .openapi(listRoute, async (c) => c.json({ officers: await listOfficers(c.get('deps').db, c.get('deps').now()) }, 200));
}
