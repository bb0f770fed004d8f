import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { AppError } from '../errors';
import type { AppEnv } from './env';

const WITH_BODY = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Refuses a body that is not JSON (415) before any handler sees it. A request without a body
 * passes: some verbs take none.
 */
export const requireJsonBody: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (WITH_BODY.has(c.req.method)) {
    const length = c.req.header('content-length');
    const hasBody = c.req.raw.body !== null && length !== '0';
    const type = (c.req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
    if (hasBody && type !== 'application/json') throw new AppError('unsupported_media_type');
  }
  await next();
};

/** Bodies over the configured size are refused with 413 whether or not Content-Length says so. */
export const limitBody = (maxBytes: number): MiddlewareHandler<AppEnv> =>
  bodyLimit({
    maxSize: maxBytes,
    onError: () => {
      throw new AppError('payload_too_large', `The body exceeds ${maxBytes} bytes`);
    },
  });
