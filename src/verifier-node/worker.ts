/** A verifier worker thread: takes jobs of a run by a shared counter until none is left. */
import { parentPort, workerData } from 'node:worker_threads';
import { verifyBallotSignatures, verifyTokenGroup } from '../verifier';
import type { FromWorker, Job, JobResult, ToWorker, WorkerSetup } from './jobs';
import { loadMcl, type MclBackend } from './mcl';

const port = parentPort!;
const post = (m: FromWorker) => port.postMessage(m);
const setup = workerData as WorkerSetup;

let mcl: MclBackend | null = null;
try {
  if (setup.backend === 'mcl') mcl = await loadMcl();
  post({ ready: true });
} catch (e) {
  post({ ready: false, error: (e as Error).message });
}

function work(job: Job): JobResult {
  if (job.kind === 'ballots') return verifyBallotSignatures(job.ballots);
  return mcl ? mcl.verifyGroup(job.group) : verifyTokenGroup(job.group);
}

port.on('message', ({ run, jobs, counter }: ToWorker) => {
  const next = new Int32Array(counter);
  try {
    for (let i = Atomics.add(next, 0, 1); i < jobs.length; i = Atomics.add(next, 0, 1)) {
      post({ run, index: i, result: work(jobs[i]!) });
    }
  } catch (e) {
    post({ run, error: (e as Error).message });
  }
});
