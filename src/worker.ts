import { drizzle, type AnyD1Database } from 'drizzle-orm/d1';
import type { Context } from 'hono';
import { createApp, type App } from './app';
import { configFromEnv } from './config';
import type { Db } from './db/client';
import * as schema from './db/schema';
import { toProblem } from './http/problem';

/** The static-assets binding (`[assets]` in wrangler.toml): the kiosk pages from kiosk/dist. */
export interface AssetsBinding {
  fetch(request: Request): Promise<Response>;
}

/**
 * The Worker's bindings. The three secrets are set with `wrangler secret put` (never in
 * wrangler.toml); locally they come from `.dev.vars`, in tests from the pool's bindings.
 */
export interface WorkerEnv {
  DB: AnyD1Database;
  ASSETS?: AssetsBinding;
  SEALVOTE_MASTER_SECRET?: string;
  SEALVOTE_SIGNING_SEED?: string;
  SEALVOTE_SLIP_PEPPER?: string;
  SEALVOTE_LOG_ORIGIN?: string;
  SEALVOTE_INSECURE_COOKIES?: string;
  SEALVOTE_MAX_BODY_BYTES?: string;
  SEALVOTE_SESSION_TTL_MS?: string;
}

/** Only the string settings reach configFromEnv: bindings (DB, ASSETS) are not configuration. */
function stringSettings(env: WorkerEnv): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const [key, value] of Object.entries(env)) if (typeof value === 'string') out[key] = value;
  return out;
}

/**
 * A kiosk file from the ASSETS binding, or null so the app answers its own problem+json 404.
 * The response is copied because a fetched Response has immutable headers, and the app's
 * security headers and CSP must still be set on it.
 */
function assetsFrom(binding: AssetsBinding) {
  return async (c: Context): Promise<Response | null> => {
    const res = await binding.fetch(c.req.raw);
    if (res.status === 404) return null;
    return new Response(res.body, res);
  };
}

/** The same createApp(deps) as node.ts, over D1 and the Worker's environment. */
export function createWorkerApp(env: WorkerEnv): App {
  const db = drizzle(env.DB, { schema }) as unknown as Db;
  return createApp({
    db,
    config: configFromEnv(stringSettings(env)),
    now: () => new Date(),
    // Rate limiting only (deps.ts): never stored with or logged beside a ballot or token request.
    clientAddress: (c) => c.req.header('cf-connecting-ip') ?? 'unknown',
    ...(env.ASSETS ? { assets: assetsFrom(env.ASSETS) } : {}),
  });
}

// One app per isolate and env object: parsing secrets and building routes per request is waste.
const apps = new WeakMap<WorkerEnv, App>();

function appFor(env: WorkerEnv): App {
  let app = apps.get(env);
  if (!app) {
    app = createWorkerApp(env);
    apps.set(env, app);
  }
  return app;
}

/**
 * Server-sent events need one process that sees every change of a meeting; a Worker has many
 * isolates, each with its own in-memory hub (src/events/hub.ts), so a stream would miss what
 * other isolates publish. The Worker therefore refuses the stream with 404, the kiosk's
 * EventSource closes, and the kiosk keeps polling GET /api/meetings/:id/state (kiosk/src/lib/watch.ts).
 */
const LIVE_EVENTS = /^\/api\/meetings\/[^/]+\/events\/?$/;

function eventsNotServed(): Response {
  const problem = toProblem('not_found', 'Live events are not streamed by the Workers deployment; poll GET /api/meetings/{id}/state');
  return new Response(JSON.stringify(problem), {
    status: 404,
    headers: { 'content-type': 'application/problem+json; charset=utf-8', 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' },
  });
}

export default {
  fetch(request: Request, env: WorkerEnv, ctx: unknown): Response | Promise<Response> {
    let app: App;
    try {
      app = appFor(env);
    } catch (err) {
      // A missing or malformed secret: the message names the variable, never its value.
      console.error('sealvote: configuration refused:', err instanceof Error ? err.message : err);
      return new Response(JSON.stringify(toProblem('internal', 'The service is not configured')), {
        status: 500,
        headers: { 'content-type': 'application/problem+json; charset=utf-8', 'cache-control': 'no-store' },
      });
    }
    if (request.method === 'GET' && LIVE_EVENTS.test(new URL(request.url).pathname)) return eventsNotServed();
    return app.fetch(request, env, ctx as never);
  },
};
