/**
 * What the pool sends its workers: every job of a run, to each worker, with a shared counter
 * they take job indices from (Atomics.add). Workers pull work without asking the main thread,
 * which is busy with the checks that need no cryptography while they run, and then takes jobs
 * from the same counter itself when it helps.
 */
import type { SignedBallot } from '../../crypto/ballot';
import type { GroupVerdict, KeyShares, TokenGroup } from '../verifier';

/** `auto`: mcl-wasm when it loads and passes its self-test, else noble (with a notice). */
export type Backend = 'auto' | 'noble' | 'mcl';

/** `keys`: co-issued keys' groups, each with its shares, checked in one pairing product (mcl.ts verifyGroups). */
export type Job = { kind: 'tokens'; group: TokenGroup } | { kind: 'keys'; groups: TokenGroup[] } | { kind: 'ballots'; ballots: SignedBallot[] } | { kind: 'shares'; keys: KeyShares[] };
export type JobResult = GroupVerdict | GroupVerdict[] | boolean[];

export interface WorkerSetup {
  backend: Backend;
}

export type ToWorker = { run: number; jobs: Job[]; counter: SharedArrayBuffer };

export type FromWorker =
  | { ready: true; tokens: 'mcl-wasm' | 'noble'; notice?: string }
  | { ready: false; error: string; mclUnavailable?: boolean }
  | { run: number; index: number; result: JobResult }
  | { run: number; error: string };
