import { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../../http/env';
import { validationHook } from '../../http/validation';
import { SESSION_COOKIE } from '../../auth/sessions';
import { authRoutes } from './auth';
import { committeeRoutes } from './committees';
import { lockRoutes } from './locks';
import { meetingRoutes } from './meetings';
import { officerRoutes } from './officers';
import { slipRoutes } from './slips';

/** The clerk's routes: accounts, committees, rosters, posts, nominees, meetings, items, slips, sign-in. */
export function prepareRoutes() {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  app.openAPIRegistry.registerComponent('securitySchemes', 'sessionCookie', { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE });
  app.openAPIRegistry.registerComponent('securitySchemes', 'tabletBearer', { type: 'http', scheme: 'bearer' });
  return app
    .route('/', authRoutes())
    .route('/', officerRoutes())
    .route('/', committeeRoutes())
    .route('/', meetingRoutes())
    .route('/', slipRoutes())
    .route('/', lockRoutes());
}

export type PrepareRoutes = ReturnType<typeof prepareRoutes>;
