import type { Context } from 'hono';
import type { ServiceConfig } from './config';
import type { Db } from './db/client';
import type { SignedBallot } from '../crypto/ballot';
import type { TokenBatcher } from './domain/live/token-batcher';
import type { EventHub } from './events/hub';

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
  /**
   * Serves the kiosk's static files (tablet, console, projector, inspector) for a non-API GET,
   * or null when there is no such file. Node reads kiosk/dist; a Worker asks its ASSETS binding.
   * Served inside the app so the same CSP and security headers cover every page.
   */
  assets?: (c: Context) => Promise<Response | null>;
  /** Live meeting events for SSE streams; one per process (src/events/hub.ts). */
  events?: EventHub;
  /**
   * The cast path's cryptography. Absent: noble's checks (crypto/ballot.ts, the default batcher),
   * as on a Worker. node.ts gives equal-answer faster ones (src/node-crypto/cast.ts).
   */
  castCrypto?: {
    verifyBallotSignature: (ballot: SignedBallot) => boolean;
    tokenBatcher: TokenBatcher;
  };
}
