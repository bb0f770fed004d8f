import type { Context } from 'hono';
import type { ServiceConfig } from './config';
import type { Db } from './db/client';

/** Everything the app needs from outside; node.ts, worker.ts and tests each build one. */
export interface AppDeps {
  db: Db;
  config: ServiceConfig;
  /** Injected so tests can move time (sessions expiring, bars lifting) without sleeping. */
  now: () => Date;
  /**
   * The caller's network address, used ONLY for rate limiting sign-in and login attempts.
   * Never stored with, or logged beside, a ballot or a token request.
   */
  clientAddress: (c: Context) => string;
}
