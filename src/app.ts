import { OpenAPIHono } from '@hono/zod-openapi';
import { HTTPException } from 'hono/http-exception';
import { secureHeaders } from 'hono/secure-headers';
import { AppError } from './errors';
import type { AppDeps } from './deps';
import type { AppEnv } from './http/env';
import { castGate } from './http/cast-gate';
import { limitBody, requireJsonBody } from './http/guards';
import { problemFromError, problemResponse, toProblem } from './http/problem';
import { requireWellFormedText, validationHook } from './http/validation';
import { liveRoutes } from './routes/live';
import { prepareRoutes } from './routes/prepare';
import { docsRoutes, type OpenApiDocument } from './routes/prepare/docs';
import { coissueRoutes } from './routes/coissue';
import { recordRoutes } from './routes/record';

export const SERVICE_VERSION = '0.1.0';

/** Builds the whole HTTP app from its dependencies; node.ts, worker.ts and tests share it. */
export function createApp(deps: AppDeps) {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });

  app.use('*', async (c, next) => {
    c.set('deps', deps);
    await next();
  });
  app.use(
    '*',
    secureHeaders({
      contentSecurityPolicy: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        frameAncestors: ["'none'"],
        formAction: ["'self'"],
        baseUri: ["'none'"],
        objectSrc: ["'none'"],
      },
      referrerPolicy: 'no-referrer',
      crossOriginResourcePolicy: 'same-origin',
    }),
  );
  // Per-source limits on casts, before a body is read (src/http/cast-gate.ts; Node only).
  app.use('/api/ballots', castGate);
  app.use('/api/*', limitBody(deps.config.maxBodyBytes), requireJsonBody, requireWellFormedText);
  app.use('/api/*', async (c, next) => {
    await next();
    // Nothing under /api is cacheable: counts, presence and records change by the second.
    c.header('cache-control', 'no-store');
  });

  app.get('/healthz', (c) => c.json({ status: 'ok', service: 'sealvote', version: SERVICE_VERSION }));

  app.route('/api', prepareRoutes());
  app.route('/api', liveRoutes());
  app.route('/api', recordRoutes());
  app.route('/api', coissueRoutes());

  const openApiConfig = {
    openapi: '3.1.0',
    info: {
      title: 'sealvote API',
      version: SERVICE_VERSION,
      description: 'Secret-ballot personnel votes (票决) with blind-signed ballot tokens and a verifiable record.',
    },
  };
  app.doc31('/api/openapi.json', openApiConfig);
  app.route('/api', docsRoutes(() => app.getOpenAPI31Document(openApiConfig) as unknown as OpenApiDocument));

  if (deps.assets) {
    const assets = deps.assets;
    app.get('*', async (c, next) => {
      if (c.req.path.startsWith('/api/')) return next();
      const res = await assets(c);
      if (!res) return next();
      return res;
    });
  }

  app.notFound((c) => problemResponse(c, toProblem('not_found', `No route for ${c.req.method} ${new URL(c.req.url).pathname}`)));

  app.onError((err, c) => {
    if (err instanceof HTTPException && !(err instanceof AppError)) {
      // Hono's own validator says "Malformed JSON in request body" for unparsable JSON.
      if (err.status === 400) return problemResponse(c, toProblem('malformed_json', err.message));
      if (err.status === 413) return problemResponse(c, toProblem('payload_too_large'));
      if (err.status === 401) return problemResponse(c, toProblem('unauthenticated'));
      if (err.status === 403) return problemResponse(c, toProblem('forbidden'));
      if (err.status === 404) return problemResponse(c, toProblem('not_found'));
    }
    // The client hung up before sending the body its Content-Length promised: its fault, and
    // nothing was written; not an internal error for the operator to chase.
    if ((err as { code?: unknown } | null)?.code === 'ECONNRESET') return problemResponse(c, toProblem('bad_request', 'The request body ended early'));
    const problem = problemFromError(err);
    if (problem.status >= 500) {
      // The path and error only: never a body, a cookie or an address (ballots must not be linkable).
      console.error(`sealvote: ${c.req.method} ${new URL(c.req.url).pathname} failed:`, err instanceof Error ? err.stack ?? err.message : err);
    }
    return problemResponse(c, problem);
  });

  return app;
}

export type App = ReturnType<typeof createApp>;
