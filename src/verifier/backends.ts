/**
 * The verifier's two expensive steps, as replaceable functions: the token batches (one per
 * issuer key) and the Ed25519 ballot signatures. verifyRecord runs the defaults below in
 * process; verifyRecordAsync awaits whatever the caller passes (a worker-thread pool, an
 * mcl-wasm backend in src/verifier-node/), so the inspector's page and the CLI share every
 * other line of the verifier. A replacement must return exactly what the default returns for
 * the same input: the checks read nothing else, so the report is the same whichever runs.
 */
import { verifyBallotSignature, type SignedBallot } from '../../crypto/ballot';
import { verifyTokenBatch, type TokenToVerify } from '../../crypto/batch-verify';

/** The tokens of one (item, round, class): all under one logged issuer key. */
export interface TokenGroup {
  publicKey: Uint8Array;
  tokens: TokenToVerify[];
}

/**
 * verifyTokenBatch's answer for one group. `error` is set (and `ok` false, `bad` empty) when
 * the group cannot be checked at all — its issuer key does not decode — with the message the
 * check reports.
 */
export interface GroupVerdict {
  ok: boolean;
  bad: number[];
  error?: string;
}

/** Verifies every group; `onGroup` is called as groups finish (progress only). */
export type TokenGroupsVerifier = (
  groups: readonly TokenGroup[],
  onGroup?: (done: number, total: number) => void,
) => GroupVerdict[] | Promise<GroupVerdict[]>;

/** One verdict per ballot, in order: verifyBallotSignature's. */
export type BallotSignaturesVerifier = (ballots: readonly SignedBallot[]) => boolean[] | Promise<boolean[]>;

/** The reference answer for one group (crypto/batch-verify.ts). */
export function verifyTokenGroup(group: TokenGroup): GroupVerdict {
  try {
    const { ok, bad } = verifyTokenBatch(group.publicKey, group.tokens);
    return { ok, bad };
  } catch (e) {
    return { ok: false, bad: [], error: e instanceof Error ? e.message : String(e) };
  }
}

/** The default token verifier: every group in turn, on this thread. */
export function verifyTokenGroups(groups: readonly TokenGroup[], onGroup?: (done: number, total: number) => void): GroupVerdict[] {
  return groups.map((g, i) => {
    const verdict = verifyTokenGroup(g);
    onGroup?.(i + 1, groups.length);
    return verdict;
  });
}

/** The default signature verifier: the one Ed25519 rule in noble (crypto/ed25519.ts). */
export function verifyBallotSignatures(ballots: readonly SignedBallot[]): boolean[] {
  return ballots.map((b) => verifyBallotSignature(b));
}
