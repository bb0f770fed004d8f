/**
 * Prototype of "a worker thread per core" for whole-meeting token verification: groups (one per
 * issuer key) are dealt round-robin to one worker per core. Workers are started before timing
 * (a verifier would start them once per run too, and their start-up is reported separately).
 */
import { Worker } from 'node:worker_threads';
import type { TokenGroup } from './record-tokens';

export class BatchPool {
  private constructor(private readonly workers: Worker[]) {}

  static async start(n: number): Promise<BatchPool> {
    const url = new URL('./batch-worker.mjs', import.meta.url);
    const workers = Array.from({ length: n }, () => new Worker(url));
    const pool = new BatchPool(workers);
    // One empty round trip each: module loading is not part of the timed verification.
    await pool.verify([]);
    return pool;
  }

  /** true when every group verifies. */
  async verify(groups: readonly TokenGroup[]): Promise<boolean> {
    const shares = this.workers.map(() => [] as TokenGroup[]);
    // Largest first, each to the least-loaded worker: groups differ in size (A vs B).
    const load = this.workers.map(() => 0);
    for (const g of [...groups].sort((a, b) => b.tokens.length - a.tokens.length)) {
      const w = load.indexOf(Math.min(...load));
      shares[w]!.push(g);
      load[w]! += g.tokens.length;
    }
    const answers = await Promise.all(
      this.workers.map(
        (w, i) =>
          new Promise<number[]>((ok, fail) => {
            w.once('message', ok);
            w.once('error', fail);
            w.postMessage(shares[i]);
          }),
      ),
    );
    return answers.every((failed) => failed.length === 0);
  }

  async stop(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}
