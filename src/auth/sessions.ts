import { and, eq, gt, isNull, lte } from 'drizzle-orm';
import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { AppDeps } from '../deps';
import { officerSessions, officers } from '../db/schema';
import type { OfficerPrincipal } from '../domain/principals';
import { randomToken, sha256Hex } from './tokens';

export const SESSION_COOKIE = 'sealvote_session';

export interface OfficerSession {
  officer: OfficerPrincipal;
  csrfToken: string;
}

/**
 * Starts a session for an officer who just proved the password. The browser's previous session
 * (if it sent one) is deleted, so a fixated or stolen pre-login id is worthless (rotation).
 * Returns the cookie value; only its SHA-256 is stored.
 */
export async function startSession(deps: AppDeps, officerId: string, previousId: string | undefined): Promise<{ sessionId: string; csrfToken: string; expiresAt: number }> {
  const now = deps.now().getTime();
  const sessionId = randomToken(32);
  const csrfToken = randomToken(32);
  const expiresAt = now + deps.config.sessionTtlMs;
  if (previousId) await deps.db.delete(officerSessions).where(eq(officerSessions.tokenHash, sha256Hex(previousId)));
  // Expired sessions of this officer are garbage; clearing them here keeps the table small.
  await deps.db.delete(officerSessions).where(and(eq(officerSessions.officerId, officerId), lte(officerSessions.expiresAt, now)));
  await deps.db.insert(officerSessions).values({ tokenHash: sha256Hex(sessionId), officerId, csrfToken, createdAt: now, expiresAt });
  return { sessionId, csrfToken, expiresAt };
}

/** The live session behind a cookie value, or null (unknown, expired, or officer disabled). */
export async function findSession(deps: AppDeps, sessionId: string | undefined): Promise<OfficerSession | null> {
  if (!sessionId || sessionId.length > 128) return null;
  const now = deps.now().getTime();
  const [row] = await deps.db
    .select({
      id: officers.id,
      username: officers.username,
      displayName: officers.displayName,
      role: officers.role,
      csrfToken: officerSessions.csrfToken,
    })
    .from(officerSessions)
    .innerJoin(officers, eq(officers.id, officerSessions.officerId))
    .where(and(eq(officerSessions.tokenHash, sha256Hex(sessionId)), gt(officerSessions.expiresAt, now), isNull(officers.disabledAt)));
  if (!row) return null;
  const { csrfToken, ...officer } = row;
  return { officer, csrfToken };
}

export async function endSession(deps: AppDeps, sessionId: string | undefined): Promise<void> {
  if (sessionId) await deps.db.delete(officerSessions).where(eq(officerSessions.tokenHash, sha256Hex(sessionId)));
}

export function readSessionCookie(c: Context): string | undefined {
  return getCookie(c, SESSION_COOKIE);
}

export function writeSessionCookie(c: Context, deps: AppDeps, sessionId: string): void {
  setCookie(c, SESSION_COOKIE, sessionId, {
    httpOnly: true,
    sameSite: 'Strict',
    secure: deps.config.secureCookies,
    path: '/',
    maxAge: Math.floor(deps.config.sessionTtlMs / 1000),
  });
}

export function clearSessionCookie(c: Context, deps: AppDeps): void {
  deleteCookie(c, SESSION_COOKIE, { path: '/', secure: deps.config.secureCookies, httpOnly: true, sameSite: 'Strict' });
}
