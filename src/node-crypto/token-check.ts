/**
 * The token check of a cast batch, the same on the server's token thread and in process:
 * mcl-wasm may only say "these tokens verify"; a batch it does not accept is halved and asked
 * again, and each single token it refuses is decided by noble (verifyToken). With noble alone,
 * crypto/batch-verify.ts's batch test with its own bisection.
 */
import { verifyToken } from '../../crypto/token';
import { verifyTokens, type TokenToVerify } from '../domain/live/token-batcher';
import { loadMcl } from '../verifier-node/mcl';

export type Pairing = 'mcl-wasm' | 'noble';

export interface BatchVerdict {
  ok: boolean;
  bad: number[];
}

/** Synchronous: the caller decides which thread it runs on. */
export type CheckBatch = (publicKey: Uint8Array, tokens: TokenToVerify[]) => BatchVerdict;

/**
 * Trusts `holds` only when it says yes, bisects when it says no, and asks noble about every
 * single token `holds` refuses: d forged tokens in a batch of n cost O(d·log n) `holds` checks
 * and d noble ones.
 */
export function bisectingVerifier(holds: (group: { publicKey: Uint8Array; tokens: TokenToVerify[] }) => boolean): CheckBatch {
  return (publicKey, tokens) => {
    const bad: number[] = [];
    const check = (from: number, to: number): void => {
      if (holds({ publicKey, tokens: tokens.slice(from, to) })) return;
      if (to - from === 1) {
        const t = tokens[from]!;
        if (!verifyToken(publicKey, t.keyId, t.ballotPk, t.signature)) bad.push(from);
        return;
      }
      const mid = (from + to) >>> 1;
      check(from, mid);
      check(mid, to);
    };
    if (tokens.length > 0) check(0, tokens.length);
    return { ok: bad.length === 0, bad };
  };
}

/** The check for `pairing`; rejects when mcl-wasm cannot be loaded or fails its self-test. */
export async function loadCheckBatch(pairing: Pairing): Promise<CheckBatch> {
  if (pairing === 'noble') return verifyTokens;
  const mcl = await loadMcl();
  return bisectingVerifier(mcl.holds);
}
