import { and, eq, isNull } from 'drizzle-orm';
import type { Context, MiddlewareHandler } from 'hono';
import { attendees, tabletSessions, type OfficerRole } from '../db/schema';
import { AppError } from '../errors';
import type { AppEnv } from '../http/env';
import { findSession, readSessionCookie } from './sessions';
import { equalSecrets, sha256Hex } from './tokens';

export const CSRF_HEADER = 'x-csrf-token';
const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export function isStateChanging(method: string): boolean {
  return STATE_CHANGING.has(method.toUpperCase());
}

/**
 * Refuses a state change sent from another site: `Sec-Fetch-Site: cross-site`, or an `Origin`
 * whose host is not the one the request was sent to. SameSite=Strict already keeps the cookie
 * off such requests; this is the second lock (OWASP CSRF cheat sheet, "Verifying Origin").
 */
export function assertSameOrigin(c: Context): void {
  if (c.req.header('sec-fetch-site') === 'cross-site') throw new AppError('csrf_failed', 'Cross-site request refused');
  const origin = c.req.header('origin');
  if (origin === undefined) return;
  let host: string;
  try {
    host = new URL(origin).host;
  } catch {
    throw new AppError('csrf_failed', 'Unreadable Origin header');
  }
  // Behind a reverse proxy the Host may be rewritten; the proxy's X-Forwarded-Host then names
  // what the browser saw. A cross-site page cannot set that header without a CORS preflight.
  const targets = [c.req.header('host') ?? new URL(c.req.url).host, c.req.header('x-forwarded-host')];
  if (origin === 'null' || !targets.includes(host)) throw new AppError('csrf_failed', 'Cross-origin request refused');
}

/**
 * Officers only: 401 without a live session, 403 `csrf_failed` on a state change without the
 * session's CSRF token in `x-csrf-token` (or from another origin), 403 `forbidden` when the
 * officer's role is not listed. Roles are exact: 'admin' implies no other role (separation of
 * duties: the one who keeps accounts does not prepare or run votes).
 */
export function requireOfficer(...roles: OfficerRole[]): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const session = await findSession(c.get('deps'), readSessionCookie(c));
    if (!session) throw new AppError('unauthenticated');
    if (isStateChanging(c.req.method)) {
      assertSameOrigin(c);
      const sent = c.req.header(CSRF_HEADER);
      if (!sent || !equalSecrets(sent, session.csrfToken)) throw new AppError('csrf_failed');
    }
    if (roles.length > 0 && !roles.includes(session.officer.role)) {
      throw new AppError('forbidden', `This needs the role ${roles.join(' or ')}`);
    }
    c.set('officer', session.officer);
    await next();
  };
}

const BEARER = /^Bearer ([A-Za-z0-9_-]{16,128})$/;

/** Tablets only: 401 unless `Authorization: Bearer <tabletToken>` names a live tablet session. */
export function requireTablet(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const m = BEARER.exec(c.req.header('authorization') ?? '');
    if (!m) throw new AppError('unauthenticated', 'A tablet sign-in is required');
    const { db } = c.get('deps');
    const [row] = await db
      .select({ meetingId: tabletSessions.meetingId, personId: tabletSessions.personId, class: attendees.class })
      .from(tabletSessions)
      .innerJoin(attendees, and(eq(attendees.meetingId, tabletSessions.meetingId), eq(attendees.personId, tabletSessions.personId)))
      .where(and(eq(tabletSessions.tokenHash, sha256Hex(m[1]!)), isNull(tabletSessions.endedAt), isNull(attendees.signedOutAt)));
    if (!row) throw new AppError('unauthenticated', 'The tablet session has ended; sign in again with a new slip');
    c.set('tablet', row);
    await next();
  };
}
