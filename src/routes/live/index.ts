import { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../../http/env';
import { validationHook } from '../../http/validation';
import { itemLiveRoutes } from './items';
import { meetingLiveRoutes } from './meetings';
import { voteLiveRoutes } from './votes';

/** The live vote: opening, tokens, ballots, closing, tally, announcement, events. */
export function liveRoutes(): OpenAPIHono<AppEnv> {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  app.route('/', meetingLiveRoutes());
  app.route('/', itemLiveRoutes());
  app.route('/', voteLiveRoutes());
  return app;
}
