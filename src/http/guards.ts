import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { AppError } from '../errors';
import type { AppEnv } from './env';

const WITH_BODY = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Refuses a body that is not JSON (415) before any handler sees it. A request without a body
 * passes: some verbs take none (DELETE, and POSTs such as open or close). "Without a body" is
 * decided by the bytes, not the headers: a browser's bodiless DELETE reaches the Node server
 * with a (empty) body stream and no Content-Length, and must not be refused for its missing
 * Content-Type.
 */
export const requireJsonBody: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (WITH_BODY.has(c.req.method)) {
    const declared = c.req.header('content-type');
    const type = (declared ?? '').split(';')[0]!.trim().toLowerCase();
    // A declared type that is not JSON is refused even with an empty body: the sender said what it sends.
    if (declared !== undefined && type !== 'application/json') throw new AppError('unsupported_media_type');
    if (c.req.raw.body !== null && c.req.header('content-length') !== '0') {
      // Hono caches the bytes, so the validator reads them again.
      const bytes = await c.req.arrayBuffer();
      if (bytes.byteLength > 0 && type !== 'application/json') throw new AppError('unsupported_media_type');
      // RFC 8259 §8.1: JSON text is UTF-8. A lenient decode would store U+FFFD in a name
      // instead of refusing the request.
      if (!isUtf8(bytes)) throw new AppError('malformed_json', 'The body is not valid UTF-8');
    }
  }
  await next();
};

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

function isUtf8(bytes: ArrayBuffer): boolean {
  try {
    strictUtf8.decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/** Bodies over the configured size are refused with 413 whether or not Content-Length says so. */
export const limitBody = (maxBytes: number): MiddlewareHandler<AppEnv> =>
  bodyLimit({
    maxSize: maxBytes,
    onError: () => {
      throw new AppError('payload_too_large', `The body exceeds ${maxBytes} bytes`);
    },
  });
