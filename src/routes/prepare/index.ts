import { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../../http/env';
import { validationHook } from '../../http/validation';

/** The clerk's routes: accounts, committees, rosters, posts, nominees, meetings, items, slips. */
export function prepareRoutes(): OpenAPIHono<AppEnv> {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  return app;
}
