/**
 * The cast path's pairing work on a thread of its own, so the event loop keeps answering HTTP
 * (other casts' cheap checks, token requests, the console's state) while a batch is checked,
 * and the two cores work at once. Verdicts are the token check's (token-check.ts), whichever
 * thread computes them: if the thread cannot start or dies, the same check runs in process.
 */
import { Worker } from 'node:worker_threads';
import type { TokenToVerify } from '../domain/live/token-batcher';
import type { BatchVerdict, CheckBatch, Pairing } from './token-check';

export type ToTokenThread = { id: number; publicKey: Uint8Array; tokens: TokenToVerify[] };
export type FromTokenThread = { ready: true } | { ready: false; error: string } | { id: number; ok: boolean; bad: number[] } | { id: number; error: string };

interface Pending {
  publicKey: Uint8Array;
  tokens: TokenToVerify[];
  resolve: (v: BatchVerdict) => void;
  reject: (e: unknown) => void;
}

export class TokenThread {
  private readonly pending = new Map<number, Pending>();
  private nextId = 0;
  private worker: Worker | null;

  private constructor(
    worker: Worker,
    /** The same check in process: used once the thread is gone. */
    private readonly inProcess: CheckBatch,
    private readonly onNotice: (m: string) => void,
  ) {
    this.worker = worker;
    worker.on('message', (m: FromTokenThread) => this.receive(m));
    worker.on('error', (e) => this.lost(e));
    worker.on('exit', (code) => this.lost(new Error(`exited with code ${code}`)));
  }

  /** Starts the thread and waits until its check is loaded; rejects if it cannot start. */
  static async start(pairing: Pairing, inProcess: CheckBatch, onNotice: (m: string) => void = () => {}): Promise<TokenThread> {
    const worker = new Worker(new URL('./token-thread-entry.mjs', import.meta.url), { workerData: { pairing } });
    let onError!: (e: Error) => void;
    let onExit!: (code: number) => void;
    let onReady!: (m: FromTokenThread) => void;
    try {
      await new Promise<void>((ok, fail) => {
        onError = fail;
        onExit = (code) => fail(new Error(`token thread exited with code ${code}`));
        onReady = (m) => ('ready' in m && m.ready ? ok() : fail(new Error('error' in m ? m.error : 'token thread did not start')));
        worker.once('error', onError).once('exit', onExit).once('message', onReady);
      });
    } catch (e) {
      await worker.terminate();
      throw e;
    } finally {
      // Only these three: Node keeps listeners of its own on a Worker.
      worker.off('error', onError).off('exit', onExit).off('message', onReady);
    }
    return new TokenThread(worker, inProcess, onNotice);
  }

  readonly verify = (publicKey: Uint8Array, tokens: TokenToVerify[]): Promise<BatchVerdict> => {
    if (!this.worker) return Promise.resolve().then(() => this.inProcess(publicKey, tokens));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { publicKey, tokens, resolve, reject });
      this.worker!.postMessage({ id, publicKey, tokens } satisfies ToTokenThread);
    });
  };

  async stop(): Promise<void> {
    const w = this.worker;
    this.worker = null;
    if (w) await w.terminate();
    this.rerunPending();
  }

  private receive(m: FromTokenThread): void {
    if (!('id' in m)) return;
    const p = this.pending.get(m.id);
    if (!p) return;
    this.pending.delete(m.id);
    if ('error' in m) p.reject(new Error(`token check failed: ${m.error}`));
    else p.resolve({ ok: m.ok, bad: m.bad });
  }

  /** The thread is gone: its unanswered batches, and every later one, are checked in process. */
  private lost(e: Error): void {
    if (!this.worker) return;
    this.onNotice(`token thread stopped (${e.message}); checking tokens in process`);
    this.worker = null;
    this.rerunPending();
  }

  private rerunPending(): void {
    for (const [id, p] of this.pending) {
      this.pending.delete(id);
      try {
        p.resolve(this.inProcess(p.publicKey, p.tokens));
      } catch (e) {
        p.reject(e);
      }
    }
  }
}
