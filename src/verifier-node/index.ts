/**
 * The verifier for Node callers (the CLI): verifyRecordAsync with its token batches and ballot
 * signatures on a worker-thread pool, one thread per core, and optionally mcl-wasm for the token
 * batches. The checks themselves stay in src/verifier (pure, shared with the inspector's page).
 */
import { availableParallelism } from 'node:os';
import { verifyRecordAsync, verifyTokenGroups, type TokenGroupsVerifier, type VerifyOptions, type VerifyReport } from '../verifier';
import type { Backend } from './jobs';
import { loadMcl, McLUnavailableError } from './mcl';
import { VerifierPool } from './pool';

export type { Backend } from './jobs';
export { loadMcl, McLUnavailableError, type MclBackend } from './mcl';
export { VerifierPool } from './pool';

export const BACKENDS: readonly Backend[] = ['noble', 'mcl'];

export interface NodeVerifyOptions extends VerifyOptions {
  /** Threads for the cryptography; 1 runs it in this thread. Default: one per core. */
  threads?: number;
  /** Token batches by noble (default) or mcl-wasm; ballot signatures are always noble. */
  backend?: Backend;
  /** Told when a choice cannot be honoured and a fallback runs instead (never a secret). */
  onNotice?: (message: string) => void;
}

export function defaultThreads(): number {
  return availableParallelism();
}

/** verifyRecordAsync on `threads` threads with `backend`; the report equals verifyRecord's. */
export async function verifyRecordNode(input: unknown, opts: NodeVerifyOptions = {}): Promise<VerifyReport> {
  const threads = opts.threads ?? defaultThreads();
  let backend = opts.backend ?? 'noble';
  if (!BACKENDS.includes(backend)) throw new RangeError(`backend must be one of ${BACKENDS.join(', ')}`);
  if (!Number.isSafeInteger(threads) || threads < 1) throw new RangeError('threads must be a positive integer');
  const base = { onProgress: opts.onProgress, trusted: opts.trusted };

  let tokenVerifier: TokenGroupsVerifier = verifyTokenGroups;
  if (backend === 'mcl') {
    try {
      // Loaded here even for a pool: a missing or disagreeing mcl-wasm is reported once, up front.
      const mcl = await loadMcl();
      tokenVerifier = (groups, onGroup) =>
        groups.map((g, i) => {
          const verdict = mcl.verifyGroup(g);
          onGroup?.(i + 1, groups.length);
          return verdict;
        });
    } catch (e) {
      if (!(e instanceof McLUnavailableError)) throw e;
      opts.onNotice?.(`${e.message}; verifying with noble instead`);
      backend = 'noble';
    }
  }
  if (threads === 1) return verifyRecordAsync(input, { ...base, tokenVerifier });

  let pool: VerifierPool;
  try {
    pool = await VerifierPool.start(threads, backend);
  } catch (e) {
    opts.onNotice?.(`verifier threads could not start (${(e as Error).message}); verifying in one thread`);
    return verifyRecordAsync(input, { ...base, tokenVerifier });
  }
  try {
    return await verifyRecordAsync(input, { ...base, tokenVerifier: pool.tokenVerifier, signatureVerifier: pool.signatureVerifier });
  } finally {
    await pool.stop();
  }
}
