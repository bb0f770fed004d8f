import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi';
import { assertSameOrigin, requireOfficer } from '../../auth/guards';
import { login } from '../../auth/login';
import { clearSessionCookie, endSession, findSession, readSessionCookie, writeSessionCookie } from '../../auth/sessions';
import { AppError } from '../../errors';
import type { AppEnv } from '../../http/env';
import { validationHook } from '../../http/validation';
import { Officer, cookieAuth, json, jsonBody, officerProblems, problems } from './schemas';

const Credentials = z
  .object({ username: z.string().min(1).max(64), password: z.string().min(1).max(1024) })
  .strict()
  .openapi('Credentials');

const SessionInfo = z.object({ officer: Officer, csrfToken: z.string() }).openapi('OfficerSession');

const loginRoute = createRoute({
  method: 'post',
  path: '/auth/login',
  tags: ['auth'],
  summary: 'Log in as an officer; sets the session cookie and returns the CSRF token',
  'x-roles': ['anyone'],
  request: { body: jsonBody(Credentials) },
  responses: {
    200: json(SessionInfo, 'Logged in; a new session cookie replaces any old one'),
    400: officerProblems[400],
    401: { description: 'Wrong username or password (login_failed)' },
    403: { description: 'Cross-site request (csrf_failed)' },
    429: problems[429],
  },
});

const logoutRoute = createRoute({
  method: 'post',
  path: '/auth/logout',
  tags: ['auth'],
  summary: 'End the current officer session',
  'x-roles': ['any officer'],
  security: cookieAuth,
  middleware: [requireOfficer()],
  responses: { 204: { description: 'Logged out' }, ...officerProblems },
});

const sessionRoute = createRoute({
  method: 'get',
  path: '/auth/session',
  tags: ['auth'],
  summary: 'The current officer and the CSRF token for state-changing requests',
  'x-roles': ['any officer'],
  security: cookieAuth,
  responses: { 200: json(SessionInfo, 'The live session'), 401: officerProblems[401] },
});

export function authRoutes() {
  return new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
    .openapi(loginRoute, async (c) => {
      // Login needs no CSRF token (there is no session yet) but must come from our own origin.
      assertSameOrigin(c);
      const deps = c.get('deps');
      const { username, password } = c.req.valid('json');
      const result = await login(deps, { username, password, address: deps.clientAddress(c), previousSessionId: readSessionCookie(c) });
      writeSessionCookie(c, deps, result.sessionId);
      return c.json({ officer: result.officer, csrfToken: result.csrfToken }, 200);
    })
    .openapi(logoutRoute, async (c) => {
      const deps = c.get('deps');
      await endSession(deps, readSessionCookie(c));
      clearSessionCookie(c, deps);
      return c.body(null, 204);
    })
    .openapi(sessionRoute, async (c) => {
      const session = await findSession(c.get('deps'), readSessionCookie(c));
      if (!session) throw new AppError('unauthenticated');
      return c.json(session, 200);
    });
}
