import { hc } from 'hono/client';
import type { PrepareRoutes } from './routes/prepare';

/**
 * A typed client for the preparation API (accounts, committees, meetings, items, slips,
 * sign-in), for tests and the kiosk. Types only: no server code is bundled with it.
 *
 * Officers: pass `credentials: 'include'`-style cookies the browser keeps, and the
 * `x-csrf-token` header on state changes (see `headers`). Tablets: `Authorization: Bearer`.
 *
 *   const api = createClient('https://vote.example');
 *   const res = await api.auth.login.$post({ json: { username, password } });
 */
export function createClient(baseUrl: string, fetchImpl?: typeof fetch, headers?: Record<string, string> | (() => Record<string, string>)) {
  const root = new URL('/api', baseUrl).toString();
  return hc<PrepareRoutes>(root, {
    ...(fetchImpl ? { fetch: fetchImpl } : {}),
    ...(headers ? { headers } : {}),
  });
}

export type PrepareClient = ReturnType<typeof createClient>;
