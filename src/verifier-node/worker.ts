/** A verifier worker thread: takes jobs of a run by a shared counter until none is left. */
import { parentPort, workerData } from 'node:worker_threads';
import type { FromWorker, ToWorker, WorkerSetup } from './jobs';
import { McLUnavailableError } from './mcl';
import { jobRunner, type JobRunner } from './work';

const port = parentPort!;
const post = (m: FromWorker) => port.postMessage(m);
const setup = workerData as WorkerSetup;

let runner: JobRunner | null = null;
let notice: string | undefined;
try {
  runner = await jobRunner(setup.backend, (m) => (notice = m));
  post({ ready: true, tokens: runner.tokens, ...(notice ? { notice } : {}) });
} catch (e) {
  post({ ready: false, error: (e as Error).message, ...(e instanceof McLUnavailableError ? { mclUnavailable: true } : {}) });
}

// A worker that could not set up its backend takes no job: the others (or the main thread) do.
if (runner) {
  const run = runner;
  port.on('message', ({ run: id, jobs, counter }: ToWorker) => {
    const next = new Int32Array(counter);
    try {
      for (let i = Atomics.add(next, 0, 1); i < jobs.length; i = Atomics.add(next, 0, 1)) {
        post({ run: id, index: i, result: run.run(jobs[i]!) });
      }
    } catch (e) {
      post({ run: id, error: (e as Error).message });
    }
  });
}
