/**
 * Worker thread for the parallel-verification prototype: verifies the token groups it is sent
 * with crypto/batch-verify.ts and answers with the indices of failing groups.
 */
import { parentPort } from 'node:worker_threads';
import { verifyTokenBatch } from '../../crypto/batch-verify';
import type { TokenGroup } from './record-tokens';

parentPort!.on('message', (groups: TokenGroup[]) => {
  const failed = groups.flatMap((g, i) => (verifyTokenBatch(g.publicKey, g.tokens).ok ? [] : [i]));
  parentPort!.postMessage(failed);
});
