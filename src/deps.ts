import type { Context } from 'hono';
import type { ServiceConfig } from './config';
import type { Db } from './db/client';
import type { SignedBallot } from '../crypto/ballot';
import type { TokenBatcher } from './domain/live/token-batcher';
import type { EventHub } from './events/hub';
import type { CastLimits } from './http/cast-gate';
import type { Ed25519Rule } from '../crypto/ed25519';
import type { IssuerOps } from '../crypto/coissue';

/** Everything the app needs from outside; node.ts, worker.ts and tests each build one. */
export interface AppDeps {
  db: Db;
  config: ServiceConfig;
  /** Injected so tests can move time (sessions expiring, bars lifting) without sleeping. */
  now: () => Date;
  /**
   * The caller's network address (behind a trusted proxy, the client's: src/http/client-address.ts),
   * used ONLY for rate limiting sign-in and login attempts and, in memory only, the per-source
   * limits on casts (src/http/cast-gate.ts). Never stored with, or logged beside, a ballot or a
   * token request.
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
   * Per-source limits on casts, in memory (src/http/cast-gate.ts): node.ts gives CAST_LIMITS.
   * Absent: none, as on a Worker, where each cast is checked in an invocation of its own.
   */
  castLimits?: CastLimits;
  /**
   * How long a co-issued token request waits for the commission's co-issuer before answering
   * 202 (docs/coissuance.md §4); 5 s unless given.
   */
  coissueWaitMs?: number;
  /**
   * The cast path's cryptography. Absent: noble's checks (crypto/ballot.ts, the default batcher),
   * as on a Worker. node.ts gives equal-answer faster ones (src/node-crypto/cast.ts).
   */
  castCrypto?: {
    verifyBallotSignature: (ballot: SignedBallot) => boolean;
    tokenBatcher: TokenBatcher;
  };
  /**
   * The one Ed25519 rule (crypto/ed25519.ts) for what the co-issuer signs: each partial answer
   * (one per token, so on the 60-tablet burst's path), key statements and rolls. Absent: noble's,
   * as on a Worker; node.ts gives OpenSSL's equal-answer one (src/node-crypto/ed25519.ts),
   * about nine times cheaper.
   */
  ed25519?: Ed25519Rule;
  /**
   * The issuer's BLS operations on a tablet's or the co-issuer's input: the service's blind
   * signature on every token request, and the proofs of possession in key statements. Absent:
   * noble's (crypto/coissue.ts NOBLE_ISSUER_OPS), as on a Worker; node.ts gives mcl-wasm's, with
   * the same bytes and refusals (src/node-crypto/issuer-ops.ts).
   */
  issuerOps?: IssuerOps;
}
