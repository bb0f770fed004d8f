/**
 * A worker-thread pool for verifyRecordAsync: the token groups (one per issuer key, independent
 * of each other) and the ballot signatures in chunks, spread over worker threads and, when
 * asked, the main thread too. Jobs are taken from a shared counter, so a thread that starts
 * late simply takes fewer. Each job's answer is exactly what verifyTokenGroup /
 * verifyBallotSignatures answer for it, so the report does not depend on the pool.
 *
 * `launch` returns at once: the workers load their code (and mcl-wasm) while the caller parses
 * the record and runs the checks that need no cryptography; jobs posted meanwhile wait in each
 * worker's queue.
 */
import { Worker } from 'node:worker_threads';
import type { SignedBallot } from '../../crypto/ballot';
import type { BallotSignaturesVerifier, GroupVerdict, KeyShares, KeySharesVerifier, TokenGroup, TokenGroupsVerifier } from '../verifier';
import type { Backend, FromWorker, Job, JobResult, ToWorker, WorkerSetup } from './jobs';
import { McLUnavailableError } from './mcl';
import type { JobRunner } from './work';

/** Ballot signatures are cheap (~0.2 ms each): a few chunks per thread keep the threads level. */
const CHUNKS_PER_THREAD = 4;
/** Longest stop() waits for a worker still loading its code. */
const STOP_WAIT_MS = 15_000;

interface Run {
  jobs: Job[];
  counter: SharedArrayBuffer;
  results: JobResult[];
  left: number;
  onResult: (index: number) => void;
  resolve: (r: JobResult[]) => void;
  reject: (e: Error) => void;
}

export interface PoolOptions {
  /**
   * The main thread's own runner: when given, the main thread takes jobs from the same counter
   * once it is idle (after the caller's synchronous work), so `threads` workers + 1 compute.
   * A rejection (e.g. McLUnavailableError for an explicit `mcl`) fails the pool's runs.
   */
  helper?: Promise<JobRunner>;
  /** Told when a worker falls back (auto without mcl-wasm) or cannot start while others can. */
  onNotice?: (message: string) => void;
}

export class VerifierPool {
  private readonly runs = new Map<number, Run>();
  private nextRun = 0;
  private failure: Error | null = null;
  /** Workers not yet ready; a worker that fails before ready is dropped, not fatal, if others remain. */
  private readonly starting = new Set<Worker>();
  private readonly live = new Set<Worker>();
  private helpScheduled = false;
  /** Resolves when every worker has answered its start-up (ready or dropped). */
  readonly ready: Promise<void>;
  private settleReady!: () => void;
  private readyError: Error | null = null;

  private constructor(
    private readonly workers: Worker[],
    readonly backend: Backend,
    private readonly opts: PoolOptions,
  ) {
    this.ready = new Promise((ok) => (this.settleReady = ok));
    for (const w of workers) {
      this.starting.add(w);
      w.on('message', (m: FromWorker) => this.receive(w, m));
      w.on('error', (e) => this.lost(w, e));
      w.on('exit', (code) => this.lost(w, new Error(`verifier worker exited (code ${code})`)));
    }
    if (workers.length === 0) this.settleReady();
    opts.helper?.catch(() => {});
  }

  /** Starts `threads` workers (0 with a helper: the main thread alone) without waiting for them. */
  static launch(threads: number, backend: Backend = 'auto', opts: PoolOptions = {}): VerifierPool {
    if (!Number.isSafeInteger(threads) || threads < (opts.helper ? 0 : 1)) throw new RangeError('threads must be a positive integer');
    const url = new URL('./worker.mjs', import.meta.url);
    const setup: WorkerSetup = { backend };
    return new VerifierPool(
      Array.from({ length: threads }, () => new Worker(url, { workerData: setup })),
      backend,
      opts,
    );
  }

  /** Starts `threads` workers and waits until each has loaded its code (and mcl-wasm, if asked). */
  static async start(threads: number, backend: Backend = 'auto', opts: PoolOptions = {}): Promise<VerifierPool> {
    const pool = VerifierPool.launch(threads, backend, opts);
    await pool.ready;
    if (pool.readyError) {
      await pool.stop();
      throw pool.readyError;
    }
    return pool;
  }

  get threads(): number {
    return this.workers.length;
  }

  /**
   * One job per token group, except co-issued keys' groups (sent with their shares): those go a
   * few keys a job (about CHUNKS_PER_THREAD jobs per thread), each job one pairing product for
   * its keys (keyJobs).
   */
  readonly tokenVerifier: TokenGroupsVerifier = async (groups, onGroup) => {
    const threads = this.workers.length + (this.opts.helper ? 1 : 0);
    const { jobs, slots } = keyJobs(groups, threads * CHUNKS_PER_THREAD);
    let done = 0;
    const results = await this.run(jobs, (index) => {
      done += slots[index]!.length;
      onGroup?.(done, groups.length);
    });
    return groupVerdicts(results, slots, groups.length);
  };

  /**
   * A co-issued record's key shares in a few jobs (about two per thread): each job checks its
   * keys' proofs as one batch (src/verifier-node/mcl.ts sharesHold, or noble's verifyKeyShares).
   */
  readonly sharesVerifier: KeySharesVerifier = async (keys) => {
    const threads = this.workers.length + (this.opts.helper ? 1 : 0);
    const size = Math.max(1, Math.ceil(keys.length / (threads * 2)));
    const jobs: Job[] = [];
    for (let i = 0; i < keys.length; i += size) jobs.push({ kind: 'shares', keys: keys.slice(i, i + size) as KeyShares[] });
    const results = await this.run(jobs, () => {});
    return (results as boolean[][]).flat();
  };

  readonly signatureVerifier: BallotSignaturesVerifier = async (ballots) => {
    const threads = this.workers.length + (this.opts.helper ? 1 : 0);
    const size = Math.max(1, Math.ceil(ballots.length / (threads * CHUNKS_PER_THREAD)));
    const jobs: Job[] = [];
    for (let i = 0; i < ballots.length; i += size) jobs.push({ kind: 'ballots', ballots: ballots.slice(i, i + size) as SignedBallot[] });
    const results = await this.run(jobs, () => {});
    return (results as boolean[][]).flat();
  };

  async stop(): Promise<void> {
    this.failure ??= new Error('verifier pool stopped');
    this.settleReady();
    // Node 20 aborts the whole process (V8 "Check failed: (location_) != nullptr") when a worker
    // is terminated while its module's top-level await is still running, as it is until the
    // worker says ready. A verification that finished on the main thread alone can get here
    // that early, so let starting workers finish loading first (bounded).
    await Promise.all(
      [...this.starting].map(
        (w) =>
          new Promise<void>((settled) => {
            const done = () => settled();
            w.once('message', done).once('error', done).once('exit', done);
            (setTimeout(done, STOP_WAIT_MS) as { unref?: () => void }).unref?.();
          }),
      ),
    );
    await Promise.all(this.workers.map((w) => w.terminate()));
  }

  private run(jobs: Job[], onResult: (index: number) => void): Promise<JobResult[]> {
    if (this.failure) return Promise.reject(this.failure);
    if (jobs.length === 0) return Promise.resolve([]);
    const id = this.nextRun++;
    return new Promise((resolve, reject) => {
      const counter = new SharedArrayBuffer(4);
      this.runs.set(id, { jobs, counter, results: new Array(jobs.length), left: jobs.length, onResult, resolve, reject });
      const message: ToWorker = { run: id, jobs, counter };
      for (const w of this.workers) if (this.starting.has(w) || this.live.has(w)) w.postMessage(message);
      this.scheduleHelp();
      this.checkStranded();
    });
  }

  /** The main thread takes jobs once the caller's synchronous work is done (next macrotask). */
  private scheduleHelp(): void {
    if (!this.opts.helper || this.helpScheduled) return;
    this.helpScheduled = true;
    setImmediate(() => void this.help());
  }

  private async help(): Promise<void> {
    let runner: JobRunner;
    try {
      runner = await this.opts.helper!;
    } catch (e) {
      this.fail(e as Error);
      return;
    }
    this.helpScheduled = false;
    // Runs in posting order (tokens, then ballots), as the workers take them.
    for (const [id, run] of [...this.runs]) {
      const next = new Int32Array(run.counter);
      for (let i = Atomics.add(next, 0, 1); i < run.jobs.length; i = Atomics.add(next, 0, 1)) {
        let result: JobResult;
        try {
          result = runner.run(run.jobs[i]!);
        } catch (e) {
          this.finishRun(id, run, e as Error);
          break;
        }
        this.deliver(id, run, i, result);
      }
    }
  }

  private receive(w: Worker, m: FromWorker): void {
    if ('ready' in m) {
      if (m.ready) {
        this.starting.delete(w);
        this.live.add(w);
        if (m.notice) this.opts.onNotice?.(m.notice);
      } else {
        const e = m.mclUnavailable ? new McLUnavailableError(m.error) : new Error(`verifier worker could not start: ${m.error}`);
        // An explicit mcl that cannot load is the caller's error, never a quiet fallback.
        if (m.mclUnavailable && this.backend === 'mcl') {
          this.starting.delete(w);
          this.readyError ??= e;
          void w.terminate();
          this.fail(e);
        } else this.drop(w, e);
      }
      if (this.starting.size === 0) this.settleReady();
      return;
    }
    const run = this.runs.get(m.run);
    if (!run) return;
    if ('error' in m) {
      this.finishRun(m.run, run, new Error(`verifier worker: ${m.error}`));
      return;
    }
    this.deliver(m.run, run, m.index, m.result);
  }

  private deliver(id: number, run: Run, index: number, result: JobResult): void {
    if (this.runs.get(id) !== run) return;
    run.results[index] = result;
    run.onResult(index);
    if (--run.left === 0) {
      this.runs.delete(id);
      run.resolve(run.results);
    }
  }

  private finishRun(id: number, run: Run, e: Error): void {
    if (this.runs.get(id) !== run) return;
    this.runs.delete(id);
    run.reject(e);
  }

  /** A worker that failed before taking any job: the others (or the main thread) carry on. */
  private drop(w: Worker, e: Error): void {
    if (!this.starting.delete(w)) return;
    this.readyError ??= e;
    void w.terminate();
    if (this.starting.size === 0) this.settleReady();
    if (this.live.size + this.starting.size > 0 || this.opts.helper) this.opts.onNotice?.(`${e.message}; verifying on the remaining threads`);
    this.checkStranded();
  }

  /** No thread left that could take the pending jobs: fail them. */
  private checkStranded(): void {
    if (this.runs.size > 0 && !this.opts.helper && this.live.size + this.starting.size === 0) this.fail(this.readyError ?? new Error('no verifier thread could start'));
  }

  private lost(w: Worker, e: Error): void {
    if (this.failure) return;
    if (this.starting.has(w)) this.drop(w, e);
    else if (this.live.has(w)) this.fail(e);
  }

  private fail(e: Error): void {
    this.failure ??= e;
    for (const [id, run] of this.runs) {
      this.runs.delete(id);
      run.reject(e);
    }
  }
}

/** keyJobs' results back in the groups' order. */
export function groupVerdicts(results: readonly JobResult[], slots: readonly number[][], count: number): GroupVerdict[] {
  const verdicts = new Array<GroupVerdict>(count);
  results.forEach((r, j) => slots[j]!.forEach((g, k) => (verdicts[g] = Array.isArray(r) ? (r[k] as GroupVerdict) : (r as GroupVerdict))));
  return verdicts;
}

/**
 * The token groups as jobs: a group without shares alone; groups with shares (co-issued keys)
 * in `chunks` jobs or fewer of several keys each. `slots[j]` lists job j's group indices.
 */
export function keyJobs(groups: readonly TokenGroup[], chunks: number): { jobs: Job[]; slots: number[][] } {
  const jobs: Job[] = [];
  const slots: number[][] = [];
  const keyed: number[] = [];
  groups.forEach((group, i) => {
    if (group.shares) keyed.push(i);
    else {
      jobs.push({ kind: 'tokens', group });
      slots.push([i]);
    }
  });
  const size = Math.max(1, Math.ceil(keyed.length / Math.max(1, chunks)));
  for (let i = 0; i < keyed.length; i += size) {
    const slot = keyed.slice(i, i + size);
    jobs.push(slot.length === 1 ? { kind: 'tokens', group: groups[slot[0]!]! } : { kind: 'keys', groups: slot.map((g) => groups[g]!) });
    slots.push(slot);
  }
  return { jobs, slots };
}
