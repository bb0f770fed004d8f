/**
 * What one thread runs for a job, the same in a worker and in the main thread when it helps:
 * token groups by mcl-wasm (which defers every group it does not accept to noble) or by noble,
 * a co-issued record's key shares by mcl-wasm (false where noble must decide) or by noble's
 * verifyKeyShares, and ballot signatures by verifyBallotSignatureFast (the one Ed25519 rule through OpenSSL:
 * src/node-crypto/ed25519.ts). Each answers
 * exactly what verifyTokenGroup / verifyBallotSignatures answer, so the report does not depend
 * on which thread or backend ran a job.
 */
import type { SignedBallot } from '../../crypto/ballot';
import { verifyBallotSignatureFast } from '../node-crypto/ed25519';
import { verifyKeyShares, verifyTokenGroup, type GroupVerdict, type KeyShares, type TokenGroup } from '../verifier';
import type { Backend, Job, JobResult } from './jobs';
import { loadMcl, McLUnavailableError, type MclBackend } from './mcl';

export interface JobRunner {
  /** What verifies token groups on this thread. */
  readonly tokens: 'mcl-wasm' | 'noble';
  group(group: TokenGroup): GroupVerdict;
  /** group's answer for each; co-issued keys together cost one pairing product with mcl-wasm. */
  groups(groups: readonly TokenGroup[]): GroupVerdict[];
  ballots(ballots: readonly SignedBallot[]): boolean[];
  shares(keys: readonly KeyShares[]): boolean[];
  run(job: Job): JobResult;
}

/** The Node signature verifier: verifyBallotSignatures' answers, through OpenSSL. */
export function verifyBallotSignaturesFast(ballots: readonly SignedBallot[]): boolean[] {
  return ballots.map((b) => verifyBallotSignatureFast(b));
}

/** noble's answers for a group, and for the shares sent with it (verifyRecordAsync's sharesWithTokens). */
function nobleGroup(g: TokenGroup): GroupVerdict {
  const tokens = verifyTokenGroup(g);
  return g.shares ? { ...tokens, sharesHold: verifyKeyShares([g.shares])[0] === true } : tokens;
}

function runner(mcl: MclBackend | null): JobRunner {
  const group = mcl ? (g: TokenGroup) => mcl.verifyGroup(g) : nobleGroup;
  const groups = mcl ? (gs: readonly TokenGroup[]) => mcl.verifyGroups(gs) : (gs: readonly TokenGroup[]) => gs.map(nobleGroup);
  const shares = mcl ? (keys: readonly KeyShares[]) => mcl.sharesHold(keys) : verifyKeyShares;
  return {
    tokens: mcl ? 'mcl-wasm' : 'noble',
    group,
    groups,
    ballots: verifyBallotSignaturesFast,
    shares,
    run: (job) =>
      job.kind === 'ballots' ? verifyBallotSignaturesFast(job.ballots) : job.kind === 'shares' ? shares(job.keys) : job.kind === 'keys' ? groups(job.groups) : group(job.group),
  };
}

/** The notice when `auto` cannot use mcl-wasm. */
export function fallbackNotice(e: Error): string {
  return `${e.message}; verifying token batches with noble instead`;
}

/**
 * The runner for `backend` on this thread: `noble`; `mcl` (rejects with McLUnavailableError
 * when mcl-wasm does not load or fails its self-test); `auto` (mcl-wasm when it loads and passes
 * its self-test, otherwise noble, telling `onNotice` why).
 */
export async function jobRunner(backend: Backend, onNotice: (message: string) => void = () => {}): Promise<JobRunner> {
  if (backend === 'noble') return runner(null);
  try {
    return runner(await loadMcl());
  } catch (e) {
    if (backend === 'mcl' || !(e instanceof McLUnavailableError)) throw e;
    onNotice(fallbackNotice(e));
    return runner(null);
  }
}
