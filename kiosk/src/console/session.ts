/**
 * The console's session: the signed-in officer, the CSRF token every state change carries
 * (x-csrf-token), and the JSON helpers every page uses. Cookie session from POST /api/auth/login.
 */
import { apiRequest, browserFetch, type RequestOptions } from '../lib/api';
import { problemText } from '../lib/problem-text';
import { byId } from '../lib/dom';

export interface Officer {
  id: string;
  username: string;
  displayName: string;
  role: 'admin' | 'clerk' | 'presiding' | 'inspector' | 'filer';
}

export const session: { officer: Officer | null; csrf: string; stopWatch: (() => void) | null } = {
  officer: null,
  csrf: '',
  stopWatch: null,
};

export const SIGNED_IN = 'sealvote.console.signedIn';

/** A refusal in the page's language, with its numbers (lib/problem-text.ts). */
export const messageOf = problemText;

export function api<T>(path: string, opts: RequestOptions = {}): Promise<T> {
  const write = opts.method && opts.method !== 'GET';
  return apiRequest<T>(browserFetch, path, { credentials: 'same-origin', ...opts, ...(write ? { csrf: session.csrf } : {}) });
}

export const post = <T>(path: string, body: unknown = {}) => api<T>(path, { method: 'POST', body });
export const enc = encodeURIComponent;
export const has = (...roles: Officer['role'][]) => !!session.officer && roles.includes(session.officer.role);
export const say = (m: string) => (byId('live').textContent = m);
