import type { Hook } from '@hono/zod-openapi';
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from './env';
import { AppError } from '../errors';

/**
 * zod failures become one problem type with every issue listed (path and message), so a clerk's
 * form can point at the wrong field. Used as OpenAPIHono's defaultHook everywhere.
 */
export const validationHook: Hook<unknown, any, any, unknown> = (result) => {
  if (!result.success) {
    const issues = (result.error as { issues: Array<{ path: PropertyKey[]; message: string; code?: string }> }).issues;
    throw new AppError('validation_failed', issues.map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`).join('; '), {
      errors: issues.map((i) => ({ path: i.path.map(String), message: i.message })),
    });
  }
};

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const WITH_BODY = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** Where in `value` a string or member name is not well-formed NFC text, and why; or null. */
export function textProblem(value: unknown, path: string[] = []): { path: string[]; message: string } | null {
  const check = (s: string, at: string[]) => {
    // RFC 8259 §8.2 / RFC 7493 §2.1: a lone surrogate escape ("\ud800") is no character.
    if (LONE_SURROGATE.test(s)) return { path: at, message: 'must not contain a lone surrogate (an unpaired \\uD800–\\uDFFF escape)' };
    // The record is plain RFC 8785 and verifiers compare bytes without normalizing
    // (docs/record-spec.md, "Text"): so text must arrive already in NFC, never rewritten here.
    if (s.normalize('NFC') !== s) return { path: at, message: 'must be in Unicode normalization form C (NFC)' };
    return null;
  };
  if (typeof value === 'string') return check(value, path);
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const p = textProblem(value[i], [...path, String(i)]);
      if (p) return p;
    }
    return null;
  }
  if (typeof value === 'object' && value !== null) {
    for (const [k, v] of Object.entries(value)) {
      const p = check(k, [...path, k]) ?? textProblem(v, [...path, k]);
      if (p) return p;
    }
  }
  return null;
}

/**
 * Every JSON body: each string and member name must be well-formed Unicode (no lone surrogate)
 * and already NFC, or the request is refused with 400 validation_failed before any handler
 * runs — nothing is normalized or replaced (U+FFFD) silently (issue 14). A body that is not
 * JSON at all is left to the route's validator.
 */
export const requireWellFormedText: MiddlewareHandler<AppEnv> = async (c, next) => {
  const type = (c.req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  if (WITH_BODY.has(c.req.method) && type === 'application/json') {
    let body: unknown;
    let parsed = false;
    try {
      const text = await c.req.text();
      if (text.length > 0) {
        body = JSON.parse(text);
        parsed = true;
      }
    } catch {
      // not JSON: the route's validator answers
    }
    const problem = parsed ? textProblem(body) : null;
    if (problem) {
      const where = problem.path.join('.') || '(body)';
      throw new AppError('validation_failed', `${where}: ${problem.message}`, { errors: [{ path: problem.path, message: problem.message }] });
    }
  }
  await next();
};
