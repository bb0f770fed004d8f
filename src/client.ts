import { hc } from 'hono/client';
import type { LiveRoutes } from './routes/live';
import type { PrepareRoutes } from './routes/prepare';

// Types only: the client never loads server code. `merge` is never called; it exists so the
// compiler can work out the type of both routers mounted together under /api.
declare const prepare: PrepareRoutes;
declare const live: LiveRoutes;
const merge = () => prepare.route('/', live);

/**
 * The preparation and live routers as one Hono app type: both build their routes by chaining,
 * so every route is typed — sign-in, committees, meetings, items, slips; opening and closing
 * meetings and items, tokens, ballots, progress, keys, result, announcement, state and the
 * event stream. The record routes (src/routes/record: record, filing, receipts, departments,
 * cosignatures) are a third router mounted separately in app.ts and are not typed here.
 */
export type ApiType = ReturnType<typeof merge>;

/**
 * A typed client for the API under /api, for tests and the kiosk (Hono's `hc`).
 * Officers: the browser keeps the session cookie; send `x-csrf-token` on state changes
 * (`headers`). Tablets: `Authorization: Bearer <tabletToken>`.
 *
 *   const api = createClient('https://vote.example');
 *   const res = await api.auth.login.$post({ json: { username, password } });
 */
export function createClient(baseUrl: string, fetchImpl?: typeof fetch, headers?: Record<string, string> | (() => Record<string, string>)) {
  const root = new URL('/api', baseUrl).toString();
  return hc<ApiType>(root, {
    ...(fetchImpl ? { fetch: fetchImpl } : {}),
    ...(headers ? { headers } : {}),
  });
}

export type ApiClient = ReturnType<typeof createClient>;
