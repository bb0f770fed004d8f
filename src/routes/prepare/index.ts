import { OpenAPIHono } from '@hono/zod-openapi';
import { AppError } from '../../errors';
import type { AppEnv } from '../../http/env';
import { validationHook } from '../../http/validation';
import { SESSION_COOKIE } from '../../auth/sessions';
import { authRoutes } from './auth';
import { committeeRoutes } from './committees';
import { meetingRoutes } from './meetings';
import { officerRoutes } from './officers';
import { slipRoutes } from './slips';

/** The clerk's routes: accounts, committees, rosters, posts, nominees, meetings, items, slips, sign-in. */
export function prepareRoutes() {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  app.openAPIRegistry.registerComponent('securitySchemes', 'sessionCookie', { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE });
  app.openAPIRegistry.registerComponent('securitySchemes', 'tabletBearer', { type: 'http', scheme: 'bearer' });
  app.use('*', async (c, next) => {
    await next();
    // RFC 9110 §10.2.3: tell a throttled client when to come back.
    if (c.error instanceof AppError && c.error.code === 'rate_limited') {
      c.res.headers.set('retry-after', String(c.error.extensions.retryAfter ?? 900));
    }
  });
  return app
    .route('/', authRoutes())
    .route('/', officerRoutes())
    .route('/', committeeRoutes())
    .route('/', meetingRoutes())
    .route('/', slipRoutes());
}

export type PrepareRoutes = ReturnType<typeof prepareRoutes>;
