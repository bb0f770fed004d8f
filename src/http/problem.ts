import type { Context } from 'hono';
import { AppError, PROBLEMS, problemType, type ErrorCode } from '../errors';

/** RFC 9457 problem details body. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  code: ErrorCode;
  [extension: string]: unknown;
}

export function toProblem(code: ErrorCode, detail?: string, extensions: Record<string, unknown> = {}): Problem {
  const { status, title } = PROBLEMS[code];
  return { ...extensions, type: problemType(code), title, status, code, ...(detail ? { detail } : {}) };
}

export function problemResponse(c: Context, problem: Problem): Response {
  const headers: Record<string, string> = { 'content-type': 'application/problem+json; charset=utf-8', 'cache-control': 'no-store' };
  // RFC 9110 §10.2.3: a throttled client is told when to come back, in the header and in the
  // problem's `retryAfter` (seconds) that pages read to show the wait.
  if (typeof problem.retryAfter === 'number') headers['retry-after'] = String(problem.retryAfter);
  return new Response(JSON.stringify(problem), { status: problem.status, headers });
}

/**
 * SQLite's and D1's own words for "storage is full, failing or unreachable": refuse with 503
 * and acknowledge nothing, so a tablet retries instead of believing its ballot was kept.
 */
const STORAGE_FAILURE =
  /SQLITE_(FULL|IOERR|CANTOPEN|CORRUPT|READONLY|BUSY|LOCKED)|database or disk is full|disk I\/O error|D1 DB is overloaded|Network connection lost|D1_ERROR.*(overloaded|storage operation exceeded|timed out|reset|exceeded)/i;

export function problemFromError(err: unknown): Problem {
  if (err instanceof AppError) return toProblem(err.code, err.detail, err.extensions);
  const message = err instanceof Error ? `${(err as { code?: string }).code ?? ''} ${err.message} ${String((err as { cause?: unknown }).cause ?? '')}` : '';
  if (STORAGE_FAILURE.test(message)) return toProblem('storage_unavailable');
  return toProblem('internal');
}
