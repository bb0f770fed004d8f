import { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../../http/env';
import { validationHook } from '../../http/validation';
import { itemLiveRoutes } from './items';
import { meetingLiveRoutes } from './meetings';
import { proofRoutes } from './proofs';
import { voteLiveRoutes } from './votes';

/**
 * The live vote: opening, tokens, ballots, closing, tally, announcement, events. Chained, so its
 * type carries every route for the typed client (src/client.ts).
 */
export function liveRoutes() {
  return new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
    .route('/', meetingLiveRoutes())
    .route('/', itemLiveRoutes())
    .route('/', voteLiveRoutes())
    .route('/', proofRoutes());
}

export type LiveRoutes = ReturnType<typeof liveRoutes>;
