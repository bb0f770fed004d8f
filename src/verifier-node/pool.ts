/**
 * A worker-thread pool for verifyRecordAsync: the token groups (one per issuer key, independent
 * of each other) and the ballot signatures in chunks, spread over one thread per core. Each
 * worker answers exactly what verifyTokenGroup / verifyBallotSignatures answer for its job,
 * so the report does not depend on the pool.
 */
import { Worker } from 'node:worker_threads';
import type { SignedBallot } from '../../crypto/ballot';
import type { BallotSignaturesVerifier, GroupVerdict, TokenGroupsVerifier } from '../verifier';
import type { Backend, FromWorker, Job, JobResult, ToWorker, WorkerSetup } from './jobs';

/** Ballot signatures are cheap (~1 ms each): a few chunks per thread keep the threads level. */
const CHUNKS_PER_THREAD = 4;

interface Run {
  results: JobResult[];
  left: number;
  onResult: (index: number) => void;
  resolve: (r: JobResult[]) => void;
  reject: (e: Error) => void;
}

export class VerifierPool {
  private readonly runs = new Map<number, Run>();
  private nextRun = 0;
  private failure: Error | null = null;

  private constructor(
    private readonly workers: Worker[],
    readonly backend: Backend,
  ) {
    for (const w of workers) {
      w.on('message', (m: FromWorker) => this.receive(m));
      w.on('error', (e) => this.fail(e));
      w.on('exit', (code) => this.fail(new Error(`verifier worker exited (code ${code})`)));
    }
  }

  /** Starts `threads` workers and waits until each has loaded its code (and mcl-wasm, if asked). */
  static async start(threads: number, backend: Backend = 'noble'): Promise<VerifierPool> {
    if (!Number.isSafeInteger(threads) || threads < 1) throw new RangeError('threads must be a positive integer');
    const url = new URL('./worker.mjs', import.meta.url);
    const setup: WorkerSetup = { backend };
    const workers = Array.from({ length: threads }, () => new Worker(url, { workerData: setup }));
    try {
      await Promise.all(
        workers.map(
          (w) =>
            new Promise<void>((ok, fail) => {
              w.once('error', fail);
              w.once('message', (m: FromWorker) => ('ready' in m && m.ready ? ok() : fail(new Error('error' in m ? m.error : 'verifier worker did not start'))));
            }),
        ),
      );
    } catch (e) {
      await Promise.all(workers.map((w) => w.terminate()));
      throw e;
    }
    return new VerifierPool(workers, backend);
  }

  get threads(): number {
    return this.workers.length;
  }

  readonly tokenVerifier: TokenGroupsVerifier = async (groups, onGroup) => {
    let done = 0;
    const results = await this.run(
      groups.map((group) => ({ kind: 'tokens', group })),
      () => onGroup?.(++done, groups.length),
    );
    return results as GroupVerdict[];
  };

  readonly signatureVerifier: BallotSignaturesVerifier = async (ballots) => {
    const size = Math.max(1, Math.ceil(ballots.length / (this.workers.length * CHUNKS_PER_THREAD)));
    const jobs: Job[] = [];
    for (let i = 0; i < ballots.length; i += size) jobs.push({ kind: 'ballots', ballots: ballots.slice(i, i + size) as SignedBallot[] });
    const results = await this.run(jobs, () => {});
    return (results as boolean[][]).flat();
  };

  async stop(): Promise<void> {
    this.failure ??= new Error('verifier pool stopped');
    await Promise.all(this.workers.map((w) => w.terminate()));
  }

  private run(jobs: Job[], onResult: (index: number) => void): Promise<JobResult[]> {
    if (this.failure) return Promise.reject(this.failure);
    if (jobs.length === 0) return Promise.resolve([]);
    const id = this.nextRun++;
    return new Promise((resolve, reject) => {
      this.runs.set(id, { results: new Array(jobs.length), left: jobs.length, onResult, resolve, reject });
      const message: ToWorker = { run: id, jobs, counter: new SharedArrayBuffer(4) };
      for (const w of this.workers) w.postMessage(message);
    });
  }

  private receive(m: FromWorker): void {
    if (!('run' in m)) return;
    const run = this.runs.get(m.run);
    if (!run) return;
    if ('error' in m) {
      this.runs.delete(m.run);
      run.reject(new Error(`verifier worker: ${m.error}`));
      return;
    }
    run.results[m.index] = m.result;
    run.onResult(m.index);
    if (--run.left === 0) {
      this.runs.delete(m.run);
      run.resolve(run.results);
    }
  }

  private fail(e: Error): void {
    this.failure ??= e;
    for (const [id, run] of this.runs) {
      this.runs.delete(id);
      run.reject(e);
    }
  }
}
