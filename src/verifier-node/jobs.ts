/**
 * What the pool sends its workers: every job of a run, to each worker, with a shared counter
 * they take job indices from (Atomics.add). Workers pull work without asking the main thread,
 * which is busy with the checks that need no cryptography while they run.
 */
import type { SignedBallot } from '../../crypto/ballot';
import type { GroupVerdict, TokenGroup } from '../verifier';

export type Backend = 'noble' | 'mcl';

export type Job = { kind: 'tokens'; group: TokenGroup } | { kind: 'ballots'; ballots: SignedBallot[] };
export type JobResult = GroupVerdict | boolean[];

export interface WorkerSetup {
  backend: Backend;
}

export type ToWorker = { run: number; jobs: Job[]; counter: SharedArrayBuffer };

export type FromWorker =
  | { ready: true }
  | { ready: false; error: string }
  | { run: number; index: number; result: JobResult }
  | { run: number; error: string };
