/**
 * The cast path's cryptography on Node (node.ts): the same verdicts as the noble defaults that
 * a Worker uses, computed faster.
 *
 * - Ballot signatures: verifyBallotSignatureFast (the one Ed25519 rule of crypto/ed25519.ts
 *   through OpenSSL; ed25519.ts shows why it answers as the rule does).
 * - Token batches, on a thread of their own (token-thread.ts): mcl-wasm may only say "these tokens verify"
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
import { CastCryptoSettingError, maxBatchFromEnvironment, TokenBatcher } from '../domain/live/token-batcher';
import { verifyBallotSignatureFast } from './ed25519';
import { loadCheckBatch, type CheckBatch, type Pairing } from './token-check';
import { TokenThread } from './token-thread';

export { bisectingVerifier } from './token-check';

export type PairingBackend = 'auto' | 'mcl' | 'noble';

export interface NodeCastCrypto {
  verifyBallotSignature: (ballot: SignedBallot) => boolean;
  tokenBatcher: TokenBatcher;
  /** What verifies the token batches, for the start-up line. */
  pairing: Pairing;
  /** Where: a thread of its own, or this one (no thread asked for, or it could not start). */
  thread: boolean;
  /** Stops the token thread (pending batches finish in process). */
  close(): Promise<void>;
}

export interface NodeCastCryptoOptions {
  onNotice?: (message: string) => void;
  /** Check token batches on a thread of their own (default true). */
  thread?: boolean;
}

/** Throws CastCryptoSettingError for a cast-path setting that cannot be honoured; synchronous, so a server checks before it listens. */
export function castCryptoSettings(env: Record<string, string | undefined>): { wanted: PairingBackend; maxBatch: number } {
  const wanted = (env.SEALVOTE_PAIRING ?? 'auto') as PairingBackend;
  if (!['auto', 'mcl', 'noble'].includes(wanted)) throw new CastCryptoSettingError(`SEALVOTE_PAIRING must be auto, mcl or noble, got ${wanted}`);
  return { wanted, maxBatch: maxBatchFromEnvironment(env) };
}

export async function nodeCastCrypto(env: Record<string, string | undefined>, opts: NodeCastCryptoOptions = {}): Promise<NodeCastCrypto> {
  const onNotice = opts.onNotice ?? (() => {});
  const { wanted, maxBatch } = castCryptoSettings(env);
  let pairing: Pairing = 'noble';
  let check: CheckBatch = await loadCheckBatch('noble');
  if (wanted !== 'noble') {
    try {
      check = await loadCheckBatch('mcl-wasm');
      pairing = 'mcl-wasm';
    } catch (e) {
      if (wanted === 'mcl') throw e;
      onNotice(`${(e as Error).message}; token batches are verified by noble`);
    }
  }
  let thread: TokenThread | null = null;
  if (opts.thread ?? true) {
    try {
      thread = await TokenThread.start(pairing, check, onNotice);
    } catch (e) {
      onNotice(`the token thread could not start (${(e as Error).message}); checking tokens in process`);
    }
  }
  return {
    verifyBallotSignature: verifyBallotSignatureFast,
    tokenBatcher: new TokenBatcher({ maxBatch, verify: thread ? thread.verify : check }),
    pairing,
    thread: thread !== null,
    close: async () => {
      await thread?.stop();
    },
  };
}
