/** The server's token thread: runs one batch check per message, in order (token-thread.ts). */
import { parentPort, workerData } from 'node:worker_threads';
import { loadCheckBatch, type Pairing } from './token-check';
import type { FromTokenThread, ToTokenThread } from './token-thread';

const port = parentPort!;
const post = (m: FromTokenThread) => port.postMessage(m);

try {
  const check = await loadCheckBatch((workerData as { pairing: Pairing }).pairing);
  port.on('message', ({ id, publicKey, tokens }: ToTokenThread) => {
    try {
      const { ok, bad } = check(publicKey, tokens);
      post({ id, ok, bad });
    } catch (e) {
      post({ id, error: (e as Error).message });
    }
  });
  post({ ready: true });
} catch (e) {
  post({ ready: false, error: (e as Error).message });
}
