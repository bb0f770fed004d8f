/**
 * Micro-batched token verification at cast (issue 10: server CPU per accepted ballot).
 *
 * Every cast still waits for its own token's pairing check before anything is stored
 * (verify-before-accept: a ballot without a valid token never takes one of the `cast ≤ issued`
 * slots and never gets a receipt). What is shared is the expensive part: casts under the same
 * issuer key that arrive together are checked with ONE small-exponent batch test
 * (crypto/batch-verify.ts: two MSMs and one two-pairing product for the whole batch instead of
 * one pairing product per token), and the batch test names each bad token by bisection, so a
 * forged token fails its own cast only.
 *
 * A batch never mixes keys: batches are keyed by the issuer public key, which is one-to-one with
 * (meeting, item, round, purpose, class). A lone cast is checked by verifyToken exactly as before.
 */
import { verifyTokenBatch, type BatchResult, type TokenToVerify } from '../../../crypto/batch-verify';
import { bytesToHex } from '../../../crypto/bytes';
import { verifyToken } from '../../../crypto/token';

export type { TokenToVerify };

/**
 * Verifies tokens under one issuer public key, naming the bad ones (crypto/batch-verify.ts); a
 * Node server may answer from another thread (src/node-crypto/token-thread.ts).
 */
export type VerifyBatch = (publicKey: Uint8Array, tokens: TokenToVerify[]) => BatchResult | Promise<BatchResult>;

export interface TokenBatcherOptions {
  /** Most tokens in one batch test; a full batch starts a new one. At least 1. */
  maxBatch?: number;
  verify?: VerifyBatch;
  /** Longest a growing batch waits for more tokens before it is checked. */
  maxWaitMs?: number;
}

export const DEFAULT_MAX_BATCH = 64;
/**
 * Each cast spends a few ms on its own checks before it joins a batch, so in a 200-cast burst a
 * 50 ms cap measured batches of about 10 (13 ms CPU a ballot) and 200 ms batches of 20–64
 * (9.4 ms). The cap only applies while casts keep arriving every turn; a lone cast waits one turn.
 */
export const DEFAULT_MAX_WAIT_MS = 200;

interface Waiter {
  resolve: (ok: boolean) => void;
  reject: (err: unknown) => void;
}

interface Batch {
  publicKey: Uint8Array;
  tokens: TokenToVerify[];
  waiters: Waiter[];
  /** Tokens at the last turn: the batch waits another turn while it still grows. */
  seen: number;
  started: number;
}

/**
 * One token alone costs the same as before batching (verifyToken: one two-pairing product);
 * the batch test would add two 128-bit scalar multiplications for nothing.
 */
export const verifyTokens = (publicKey: Uint8Array, tokens: TokenToVerify[]): BatchResult => {
  if (tokens.length === 1) {
    const t = tokens[0]!;
    const ok = verifyToken(publicKey, t.keyId, t.ballotPk, t.signature);
    return { ok, bad: ok ? [] : [0] };
  }
  return verifyTokenBatch(publicKey, tokens);
};

export class TokenBatcher {
  readonly maxBatch: number;
  readonly maxWaitMs: number;
  private readonly verify: VerifyBatch;
  /** The batch still accepting tokens, per issuer public key (hex). */
  private readonly filling = new Map<string, Batch>();
  /** Batches of a key handed to an asynchronous verifier and not yet answered. */
  private readonly inFlight = new Map<string, number>();
  /** A batch that was ready while its key had one in flight: it goes when that one returns. */
  private readonly held = new Map<string, Batch>();

  constructor(options: TokenBatcherOptions = {}) {
    const maxBatch = options.maxBatch ?? DEFAULT_MAX_BATCH;
    if (!Number.isSafeInteger(maxBatch) || maxBatch < 1) throw new RangeError(`maxBatch must be a positive integer, got ${maxBatch}`);
    this.maxBatch = maxBatch;
    this.verify = options.verify ?? verifyTokens;
    this.maxWaitMs = options.maxWaitMs ?? DEFAULT_MAX_WAIT_MS;
  }

  /**
   * Resolves true exactly when `token` verifies under `publicKey` (its key id included); false
   * for a bad or malformed token. Rejects only when the batch could not be checked at all.
   */
  check(publicKey: Uint8Array, token: TokenToVerify): Promise<boolean> {
    const key = bytesToHex(publicKey);
    let batch = this.filling.get(key);
    if (!batch) {
      batch = { publicKey, tokens: [], waiters: [], seen: 1, started: Date.now() };
      this.filling.set(key, batch);
      this.wait(key, batch);
    }
    const promise = new Promise<boolean>((resolve, reject) => batch.waiters.push({ resolve, reject }));
    batch.tokens.push(token);
    // Full: later casts start the next batch; this one flushes on its next turn.
    if (batch.tokens.length >= this.maxBatch) this.filling.delete(key);
    return promise;
  }

  /**
   * Flushes once a turn of the event loop has passed with no new token for this batch (the
   * burst has drained), when it is full, or after maxWaitMs. A macrotask, not a microtask: on
   * Node and on Workers each incoming request runs in tasks of its own, so a microtask flush
   * would run before any other request's cast got here and every batch would hold one token.
   * setTimeout(…, 0) lets the I/O already pending be handled first, and exists on both runtimes
   * (setImmediate is Node-only). Waiting for a quiet turn rather than flushing at the first
   * one matters because a request takes several turns (body, database reads) to get here:
   * flushing at the first turn measured batches of 2 behind a first large one. A lone cast
   * waits one turn (1 ms on Node).
   */
  private wait(key: string, batch: Batch): void {
    setTimeout(() => {
      const growing = this.filling.get(key) === batch && batch.tokens.length > batch.seen;
      if (growing && Date.now() - batch.started < this.maxWaitMs) {
        batch.seen = batch.tokens.length;
        this.wait(key, batch);
      } else if ((this.inFlight.get(key) ?? 0) > 0 && this.filling.get(key) === batch && !this.held.has(key)) {
        // The verifier (the token thread) is still on this key's last batch: keep filling this
        // one until it answers, so casts that come while it works share one check instead of
        // queueing as single ones behind it.
        this.held.set(key, batch);
      } else this.flush(key, batch);
    }, 0);
  }

  private flush(key: string, batch: Batch): void {
    if (this.filling.get(key) === batch) this.filling.delete(key);
    const rejectAll = (err: unknown) => {
      for (const w of batch.waiters) w.reject(err);
    };
    const settle = (result: BatchResult) => {
      const bad = new Set(result.bad);
      batch.waiters.forEach((w, i) => w.resolve(!bad.has(i)));
    };
    let result: BatchResult | Promise<BatchResult>;
    try {
      result = this.verify(batch.publicKey, batch.tokens);
    } catch (err) {
      rejectAll(err);
      return;
    }
    if (!(result instanceof Promise)) return settle(result);
    this.inFlight.set(key, (this.inFlight.get(key) ?? 0) + 1);
    const done = () => {
      const left = (this.inFlight.get(key) ?? 1) - 1;
      if (left > 0) this.inFlight.set(key, left);
      else this.inFlight.delete(key);
      const next = this.held.get(key);
      if (next) {
        this.held.delete(key);
        this.flush(key, next);
      }
    };
    result.then(
      (r) => {
        done();
        settle(r);
      },
      (err) => {
        done();
        rejectAll(err);
      },
    );
  }
}

/** A cast-path setting in the environment that cannot be honoured: the server must not start. */
export class CastCryptoSettingError extends RangeError {
  constructor(message: string) {
    super(message);
    this.name = 'CastCryptoSettingError';
  }
}

/**
 * SEALVOTE_CAST_BATCH_MAX (a positive integer) overrides the batch size; 1 restores one pairing
 * check per cast, the benchmark's same-run baseline. Read only where a `process` exists (Node);
 * a Worker uses batches of one (below).
 */
export function maxBatchFromEnvironment(env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env): number {
  // Workers forbid one request's promise being settled from another request's context (the
  // runtime cancels it as hung), so there each cast verifies its own token alone.
  if ((globalThis as { navigator?: { userAgent?: string } }).navigator?.userAgent === 'Cloudflare-Workers') return 1;
  const raw = env?.SEALVOTE_CAST_BATCH_MAX;
  if (raw === undefined || raw === '') return DEFAULT_MAX_BATCH;
  const n = Number(raw);
  if (!Number.isSafeInteger(n) || n < 1) throw new CastCryptoSettingError(`SEALVOTE_CAST_BATCH_MAX must be a positive integer, got ${raw}`);
  return n;
}

/** The default batcher for POST /api/ballots, with noble's checks (a Worker, tests); node.ts gives its own (deps.castCrypto). */
export const castTokenBatcher = new TokenBatcher({ maxBatch: maxBatchFromEnvironment() });
