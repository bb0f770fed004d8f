import { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../../http/env';
import { validationHook } from '../../http/validation';

/** The live vote: opening, tokens, ballots, closing, tally, announcement, events. */
export function liveRoutes(): OpenAPIHono<AppEnv> {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  return app;
}
