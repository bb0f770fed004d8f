/**
 * The verifier's expensive steps, as replaceable functions: the token batches (one per issuer
 * key), the Ed25519 ballot signatures and, in a co-issued record, each key's two shares (their
 * proofs of possession and their sum). verifyRecord runs the defaults below in
 * process; verifyRecordAsync awaits whatever the caller passes (a worker-thread pool, an
 * mcl-wasm backend in src/verifier-node/), so the inspector's page and the CLI share every
 * other line of the verifier. A replacement must return exactly what the default returns for
 * the same input: the checks read nothing else, so the report is the same whichever runs.
 */
import { verifyBallotSignature, type SignedBallot } from '../../crypto/ballot';
import { verifyTokenBatch, type TokenToVerify } from '../../crypto/batch-verify';
import { equalBytes } from '../../crypto/bytes';
import { combinePublicKeys, popVerifyBatch } from '../../crypto/coissue';

/** The tokens of one (item, round, class): all under one logged issuer key. */
export interface TokenGroup {
  publicKey: Uint8Array;
  tokens: TokenToVerify[];
  /**
   * A co-issued key's shares, sent with its tokens when the verifier was told it checks both
   * (AsyncVerifyOptions.sharesWithTokens): it then answers GroupVerdict.sharesHold.
   */
  shares?: KeyShares;
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
  /** For a group sent with its key's shares: KeySharesVerifier's verdict on them (true: both proofs and the sum hold). */
  sharesHold?: boolean;
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

/** A co-issued key entry's two shares, each with its proof of possession, and the key it logs. */
export interface KeyShares {
  service: { publicKey: Uint8Array; pop: Uint8Array };
  commission: { publicKey: Uint8Array; pop: Uint8Array };
  /** The entry's public_key: must be service + commission. */
  publicKey: Uint8Array;
}

/**
 * One verdict per key, in order: true only when both proofs of possession verify (PopVerify,
 * subgroup checks and identity refusals included) and public_key = pk_s + pk_c (not O). False
 * decides nothing: coissuer-keys then checks that key with noble, one proof at a time, to name
 * what fails (src/verifier/coissuance.ts). A replacement may answer false more often than the
 * default, never true where the default answers false.
 */
export type KeySharesVerifier = (keys: readonly KeyShares[]) => boolean[] | Promise<boolean[]>;

/**
 * The default: every proof of the record in one small-exponent batch (crypto/coissue.ts
 * popVerifyBatch), then each key's sum (combinePublicKeys). When the batch fails, every key is
 * answered false and checked one by one.
 */
export function verifyKeyShares(keys: readonly KeyShares[]): boolean[] {
  const allProofsHold = popVerifyBatch(keys.flatMap((k) => [{ publicKey: k.service.publicKey, proof: k.service.pop }, { publicKey: k.commission.publicKey, proof: k.commission.pop }]));
  return keys.map((k) => allProofsHold && sharesAddUp(k));
}

/** public_key = pk_s + pk_c, both shares decoded with their subgroup checks, the sum not O. */
export function sharesAddUp(k: KeyShares): boolean {
  try {
    return equalBytes(combinePublicKeys(k.service.publicKey, k.commission.publicKey).publicKey, k.publicKey);
  } catch {
    return false;
  }
}
