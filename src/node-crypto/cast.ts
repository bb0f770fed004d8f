/**
 * The cast path's cryptography on Node (node.ts): the same verdicts as the noble defaults that
 * a Worker uses, computed faster.
 *
 * - Ballot signatures: verifyBallotSignatureFast (OpenSSL after noble's strict pre-checks;
 *   ed25519.ts proves it answers as noble does).
 * - Token batches: mcl-wasm may only say "these tokens verify"
 *   (e(Σ rᵢSᵢ, G2)·e(−Σ rᵢHᵢ, pk) = 1 with fresh 128-bit rᵢ, our DST, subgroup checks on). A
 *   batch it does not accept is halved and each half asked again, down to single tokens, and a
 *   single token mcl does not accept is decided by noble's verifyToken. A forged token is
 *   therefore always refused by the reference code, and mcl-wasm is only trusted after its
 *   start-up self-test agrees with noble. Bisecting with mcl keeps a poisoned batch cheap: d
 *   forged tokens in a batch of n cost O(d·log n) mcl checks and d noble ones, where a noble
 *   bisection of the whole batch would cost about as much as checking it one by one.
 *
 * SEALVOTE_PAIRING = auto (default: mcl-wasm when it loads and passes, else noble) | mcl (fail
 * to start without it) | noble. The record is re-verified by inspectors with noble either way.
 */
import type { SignedBallot } from '../../crypto/ballot';
import { verifyToken } from '../../crypto/token';
import { CastCryptoSettingError, maxBatchFromEnvironment, TokenBatcher, verifyTokens, type TokenToVerify, type VerifyBatch } from '../domain/live/token-batcher';
import { loadMcl } from '../verifier-node/mcl';
import { verifyBallotSignatureFast } from './ed25519';

export type PairingBackend = 'auto' | 'mcl' | 'noble';

export interface NodeCastCrypto {
  verifyBallotSignature: (ballot: SignedBallot) => boolean;
  tokenBatcher: TokenBatcher;
  /** What verifies the token batches, for the start-up line. */
  pairing: 'mcl-wasm' | 'noble';
}

/**
 * A batch verifier that trusts `holds` only when it says yes, bisects when it says no, and asks
 * noble (verifyToken) about every single token `holds` refuses.
 */
export function bisectingVerifier(holds: (group: { publicKey: Uint8Array; tokens: TokenToVerify[] }) => boolean): VerifyBatch {
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

export async function nodeCastCrypto(env: Record<string, string | undefined>, onNotice: (m: string) => void = () => {}): Promise<NodeCastCrypto> {
  const wanted = (env.SEALVOTE_PAIRING ?? 'auto') as PairingBackend;
  if (!['auto', 'mcl', 'noble'].includes(wanted)) throw new CastCryptoSettingError(`SEALVOTE_PAIRING must be auto, mcl or noble, got ${wanted}`);
  let verify: VerifyBatch = verifyTokens;
  let pairing: NodeCastCrypto['pairing'] = 'noble';
  if (wanted !== 'noble') {
    try {
      const mcl = await loadMcl();
      verify = bisectingVerifier(mcl.holds);
      pairing = 'mcl-wasm';
    } catch (e) {
      if (wanted === 'mcl') throw e;
      onNotice(`${(e as Error).message}; token batches are verified by noble`);
    }
  }
  return {
    verifyBallotSignature: verifyBallotSignatureFast,
    tokenBatcher: new TokenBatcher({ maxBatch: maxBatchFromEnvironment(env), verify }),
    pairing,
  };
}
