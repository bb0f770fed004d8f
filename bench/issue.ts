/** Goal 3, server side in process: crypto/token.ts blindSign alone (decode + subgroup check + sk·B). */
import { randomBytes } from 'node:crypto';
import { newBallotKey } from '../crypto/ballot';
import { deriveIssuerKey } from '../crypto/issuer-key';
import { blind, blindSign, finalize } from '../crypto/token';

export interface IssueBench {
  blindSign: number[];
  /** The same tablet operations in Node, for comparison with Chromium. */
  nodeBlind: number[];
  nodeFinalize: number[];
}

export function benchIssue(n: number): IssueBench {
  const key = deriveIssuerKey(randomBytes(32), { meeting: 'mtg_bench', item: 'itm_bench', round: 1, klass: 'A' });
  const out: IssueBench = { blindSign: [], nodeBlind: [], nodeFinalize: [] };
  for (let i = -1; i < n; i++) {
    const ballotPk = newBallotKey().publicKey;
    let t = performance.now();
    const { blinded, blindState } = blind(key.keyId, ballotPk);
    const tBlind = performance.now() - t;
    t = performance.now();
    const signed = blindSign(key.secretKey, blinded);
    const tSign = performance.now() - t;
    t = performance.now();
    finalize(key.publicKey, key.keyId, ballotPk, blindState, signed);
    const tFinal = performance.now() - t;
    // i = -1 is the warm-up round.
    if (i < 0) continue;
    out.nodeBlind.push(tBlind);
    out.blindSign.push(tSign);
    out.nodeFinalize.push(tFinal);
  }
  return out;
}
