/**
 * Per-source limits on casts (issue 20: availability under abuse). Casts carry no credential,
 * so anyone on the network can send ballots with forged tokens; each is refused, but only after
 * its token's pairing check, the costliest step of a cast. Two limits per client address
 * (src/http/client-address.ts: behind a trusted proxy, the tablet's own) keep one sender from
 * taking that work from the room:
 *
 * - IN FLIGHT: at most CAST_LIMITS.inFlight casts of one address are checked at a time; up to
 *   CAST_LIMITS.queue more wait their turn in order; beyond that, 429 at once (`retryAfter` 1 s).
 *   A tablet sends one ballot at a time, so only a flood ever waits, and a flood's forged tokens
 *   join the room's token batches a few at a time instead of hundreds.
 * - REFUSALS: after CAST_LIMITS.refusals ballots of one address are refused as invalid (a forged
 *   token, a bad signature, malformed choices: a genuine tablet checks all of these before it
 *   sends), its casts are refused with 429 before any check until the vote closes.
 *
 * The Node server applies these limits (node.ts gives AppDeps.castLimits); a Worker does not:
 * there each cast checks its own token in its own invocation, so a flood does not take the
 * room's CPU, and the room's tablets usually reach Cloudflare from one NAT address. The limits
 * assume each tablet has an address of its own: tablets on the LAN, or behind a reverse proxy
 * listed in SEALVOTE_TRUSTED_PROXIES.
 *
 * Kept in this process's memory only: counts per address, never written, never next to a ballot,
 * and forgotten whenever a vote or meeting closes (and after CAST_LIMITS.forgetMs in any case, for
 * a runtime where the close is published elsewhere). Nothing about accepted casts is kept at all.
 * The gate runs before the request's body is even read (castGate, mounted by app.ts); the cheap
 * refusals (shape, sizes, an open vote, the logged key id, a ballot key not spent, the Ed25519
 * signature) stay in castBallot, before the pairing check, in that order.
 */
import type { MiddlewareHandler } from 'hono';
import { AppError } from '../errors';
import { hubFor, type EventHub } from '../events/hub';
import type { AppEnv } from './env';

export const CAST_LIMITS = {
  inFlight: 2,
  queue: 64,
  refusals: 3,
  /** Refusal counts older than this are dropped even without a close (30 minutes). */
  forgetMs: 30 * 60_000,
  /** Most addresses with refusals remembered; the oldest is dropped beyond it. */
  maxAddresses: 10_000,
} as const;

export type CastLimits = { [K in keyof typeof CAST_LIMITS]: number };

interface Source {
  active: number;
  waiting: Array<() => void>;
}

export class CastGate {
  private readonly sources = new Map<string, Source>();
  /** address → refusals and the time of the last one (insertion order: oldest first). */
  private readonly refusals = new Map<string, { count: number; at: number }>();

  constructor(
    private readonly now: () => number,
    readonly limits: CastLimits = CAST_LIMITS,
  ) {}

  /**
   * Waits for this address's turn to be checked; returns the function that ends the turn.
   * Throws 429 `rate_limited` when the address is barred or has too many casts waiting.
   */
  async enter(address: string): Promise<() => void> {
    this.assertNotBarred(address);
    let source = this.sources.get(address);
    if (!source) this.sources.set(address, (source = { active: 0, waiting: [] }));
    if (source.active >= this.limits.inFlight) {
      if (source.waiting.length >= this.limits.queue) {
        throw new AppError('rate_limited', 'Too many ballots from this address are being checked; send again shortly', { retryAfter: 1 });
      }
      await new Promise<void>((go) => source.waiting.push(go));
      // Refusals may have come in while this one waited.
      try {
        this.assertNotBarred(address);
      } catch (err) {
        this.leave(address, source);
        throw err;
      }
    } else source.active++;
    let left = false;
    return () => {
      if (left) return;
      left = true;
      this.leave(address, source);
    };
  }

  /** Counts a ballot of this address refused as invalid. */
  refused(address: string): void {
    const prior = this.live(address);
    this.refusals.delete(address);
    this.refusals.set(address, { count: (prior?.count ?? 0) + 1, at: this.now() });
    while (this.refusals.size > this.limits.maxAddresses) this.refusals.delete(this.refusals.keys().next().value!);
  }

  /** A vote or meeting closed: every count starts again. */
  forget(): void {
    this.refusals.clear();
  }

  /** Addresses with casts in flight or waiting, and with refusals counted (for tests and the bench). */
  size(): { sources: number; refusals: number } {
    return { sources: this.sources.size, refusals: this.refusals.size };
  }

  private live(address: string) {
    const r = this.refusals.get(address);
    if (r && this.now() - r.at > this.limits.forgetMs) {
      this.refusals.delete(address);
      return undefined;
    }
    return r;
  }

  private assertNotBarred(address: string): void {
    if ((this.live(address)?.count ?? 0) >= this.limits.refusals) {
      throw new AppError('rate_limited', 'Too many invalid ballots from this address; its casts are refused until the vote closes', { retryAfter: 60 });
    }
  }

  /** Hands the turn to the next waiting cast of the address, or frees it. */
  private leave(address: string, source: Source): void {
    const next = source.waiting.shift();
    if (next) next();
    else if (--source.active === 0) this.sources.delete(address);
  }
}

const gates = new WeakMap<EventHub, CastGate>();

/**
 * The gate of an app (one per event hub, so one per process), forgetting its counts at every
 * close; null when the app has no per-source limits (AppDeps.castLimits).
 */
export function castGateFor(deps: { events?: EventHub; now: () => Date; castLimits?: CastLimits }): CastGate | null {
  if (!deps.castLimits) return null;
  const hub = hubFor(deps);
  let gate = gates.get(hub);
  if (!gate) {
    const g = new CastGate(() => deps.now().getTime(), deps.castLimits);
    hub.tap((_meeting, event) => {
      if (event.type === 'item-closed' || (event.type === 'meeting' && event.data.status === 'closed')) g.forget();
    });
    gates.set(hub, (gate = g));
  }
  return gate;
}

/**
 * POST /api/ballots through the gate (app.ts mounts it before the body is read, so a barred or
 * queue-full address is refused for the cost of its headers). The address is used here only.
 */
export const castGate: MiddlewareHandler<AppEnv> = async (c, next) => {
  const deps = c.get('deps');
  const gate = c.req.method === 'POST' ? castGateFor(deps) : null;
  if (!gate) return next();
  const address = deps.clientAddress(c);
  const leave = await gate.enter(address);
  try {
    await next();
    if (c.error instanceof AppError && c.error.code === 'invalid_ballot') gate.refused(address);
  } finally {
    leave();
  }
};
