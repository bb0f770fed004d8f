/**
 * The verifier for Node callers (the CLI): verifyRecordAsync with its token batches and ballot
 * signatures spread over `threads` threads — the main thread and threads − 1 workers, started
 * before the record is parsed so their start-up overlaps the checks that need no cryptography —
 * token batches and a co-issued record's key shares (proofs of possession, sums; a key's shares
 * in the same pairing product as its tokens) by mcl-wasm
 * when it loads and passes its self-test (`auto`), and ballot signatures and the co-issuer's
 * statements and rolls under the one Ed25519 rule through OpenSSL (src/node-crypto/ed25519.ts). The
 * checks themselves stay in src/verifier (pure, shared with the inspector's page).
 */
import { availableParallelism } from 'node:os';
import { verifyRecordAsync, type VerifyOptions, type VerifyReport } from '../verifier';
import type { Backend } from './jobs';
import { verifyEd25519Fast } from '../node-crypto/ed25519';
import { groupVerdicts, keyJobs, VerifierPool } from './pool';

/** In one thread, co-issued keys in this many products (progress in as many steps). */
const ONE_THREAD_KEY_JOBS = 4;
import { jobRunner, verifyBallotSignaturesFast, type JobRunner } from './work';

export type { Backend } from './jobs';
export { loadMcl, McLUnavailableError, type MclBackend } from './mcl';
export { VerifierPool } from './pool';
export { jobRunner, verifyBallotSignaturesFast, type JobRunner } from './work';

/** `auto` first: the default. */
export const BACKENDS: readonly Backend[] = ['auto', 'noble', 'mcl'];

export interface NodeVerifyOptions extends VerifyOptions {
  /** Threads for the cryptography, this one included; 1 runs it all in this thread. Default: one per core. */
  threads?: number;
  /**
   * Token batches by `auto` (default: mcl-wasm when it loads and passes its self-test, else
   * noble with a notice), `noble`, or `mcl` (rejects with McLUnavailableError without it).
   * Ballot signatures are always OpenSSL + noble (the same answer as noble alone).
   */
  backend?: Backend;
  /** Told when a choice cannot be honoured and a fallback runs instead (never a secret), once each. */
  onNotice?: (message: string) => void;
}

export function defaultThreads(): number {
  return availableParallelism();
}

/** verifyRecordAsync on `threads` threads with `backend`; the report equals verifyRecord's. */
export async function verifyRecordNode(input: unknown, opts: NodeVerifyOptions = {}): Promise<VerifyReport> {
  const threads = opts.threads ?? defaultThreads();
  const backend = opts.backend ?? 'auto';
  if (!BACKENDS.includes(backend)) throw new RangeError(`backend must be one of ${BACKENDS.join(', ')}`);
  if (!Number.isSafeInteger(threads) || threads < 1) throw new RangeError('threads must be a positive integer');
  const base = { onProgress: opts.onProgress, trusted: opts.trusted, cited: opts.cited };
  const told = new Set<string>();
  const onNotice = (m: string) => {
    if (told.has(m)) return;
    told.add(m);
    opts.onNotice?.(m);
  };

  // Started first: workers boot and mcl-wasm compiles while this thread parses the record.
  const here = jobRunner(backend, onNotice);
  here.catch(() => {});
  if (threads === 1) {
    return verifyRecordAsync(input, {
      ...base,
      tokenVerifier: async (groups, onGroup) => {
        const r: JobRunner = await here;
        // Co-issued keys a few at a time in one pairing product (pool.ts keyJobs), as on threads.
        const { jobs, slots } = keyJobs(groups, ONE_THREAD_KEY_JOBS);
        let done = 0;
        const results = jobs.map((job, j) => {
          const result = r.run(job);
          done += slots[j]!.length;
          onGroup?.(done, groups.length);
          return result;
        });
        return groupVerdicts(results, slots, groups.length);
      },
      signatureVerifier: async (ballots) => verifyBallotSignaturesFast(ballots),
      sharesVerifier: async (keys) => (await here).shares(keys),
      sharesWithTokens: true,
      ed25519: verifyEd25519Fast,
    });
  }

  let pool: VerifierPool;
  try {
    pool = VerifierPool.launch(threads - 1, backend, { helper: here, onNotice });
  } catch (e) {
    // Worker threads unavailable (a restricted runtime): this thread alone.
    onNotice(`verifier threads could not start (${(e as Error).message}); verifying in one thread`);
    return verifyRecordNode(input, { ...opts, threads: 1 });
  }
  try {
    return await verifyRecordAsync(input, {
      ...base,
      tokenVerifier: pool.tokenVerifier,
      signatureVerifier: pool.signatureVerifier,
      sharesVerifier: pool.sharesVerifier,
      sharesWithTokens: true,
      ed25519: verifyEd25519Fast,
    });
  } finally {
    await pool.stop();
  }
}
