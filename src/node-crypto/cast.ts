/**
 * The cast path's cryptography on Node (node.ts): the same verdicts as the noble defaults that
 * a Worker uses, computed faster.
 *
 * - Ballot signatures: verifyBallotSignatureFast (OpenSSL after noble's strict pre-checks;
 *   ed25519.ts proves it answers as noble does).
 * - Token batches: mcl-wasm may only say "this whole batch verifies"
 *   (e(Σ rᵢSᵢ, G2)·e(−Σ rᵢHᵢ, pk) = 1 with fresh 128-bit rᵢ, our DST, subgroup checks on); any
 *   batch it does not accept is decided again by noble (crypto/batch-verify.ts), which names
 *   each bad token. A forged token is therefore always refused by the reference code, and
 *   mcl-wasm is only trusted after its start-up self-test agrees with noble.
 *
 * SEALVOTE_PAIRING = auto (default: mcl-wasm when it loads and passes, else noble) | mcl (fail
 * to start without it) | noble. The record is re-verified by inspectors with noble either way.
 */
import type { SignedBallot } from '../../crypto/ballot';
import { CastCryptoSettingError, maxBatchFromEnvironment, TokenBatcher, verifyTokens, type VerifyBatch } from '../domain/live/token-batcher';
import { loadMcl } from '../verifier-node/mcl';
import { verifyBallotSignatureFast } from './ed25519';

export type PairingBackend = 'auto' | 'mcl' | 'noble';

export interface NodeCastCrypto {
  verifyBallotSignature: (ballot: SignedBallot) => boolean;
  tokenBatcher: TokenBatcher;
  /** What verifies the token batches, for the start-up line. */
  pairing: 'mcl-wasm' | 'noble';
}

export async function nodeCastCrypto(env: Record<string, string | undefined>, onNotice: (m: string) => void = () => {}): Promise<NodeCastCrypto> {
  const wanted = (env.SEALVOTE_PAIRING ?? 'auto') as PairingBackend;
  if (!['auto', 'mcl', 'noble'].includes(wanted)) throw new CastCryptoSettingError(`SEALVOTE_PAIRING must be auto, mcl or noble, got ${wanted}`);
  let verify: VerifyBatch = verifyTokens;
  let pairing: NodeCastCrypto['pairing'] = 'noble';
  if (wanted !== 'noble') {
    try {
      const mcl = await loadMcl();
      verify = (publicKey, tokens) => (mcl.holds({ publicKey, tokens }) ? { ok: true, bad: [] } : verifyTokens(publicKey, tokens));
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
