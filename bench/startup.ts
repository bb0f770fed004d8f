/**
 * Start-up (issue 20.7): how long `node dist/server/server.mjs` (the build, as production runs
 * it) takes from spawn to "listening", against `node --import tsx src/node.ts` (the sources, as
 * `npm start` ran them before) in the same run; a fresh database each time, secrets in the
 * environment, no demo. The faster cast checks come up after listening; their time is reported
 * apart (from spawn to the "cast checks by" line).
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO } from './lib/server';

export interface StartupBench {
  /** ms from spawn to "listening", the build. */
  built: number[];
  /** the same for the TypeScript sources through tsx. */
  sources: number[];
  /** ms from spawn to "cast checks by …" (mcl-wasm loaded and self-tested on its thread), the build. */
  builtCastCrypto: number[];
  /**
   * CPU time the process had used when it said "listening" (utime + stime from /proc, all its
   * threads), the build and the sources: what a busy machine stretches into a longer wait.
   */
  builtCpu?: number[];
  sourcesCpu?: number[];
}

/** The process's CPU time so far in ms (Linux: /proc/<pid>/stat utime + stime, 10 ms ticks); NaN elsewhere. */
function cpuMs(pid: number | undefined): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return NaN;
  }
}

function once(args: string[]): Promise<{ listening: number; listeningCpu: number; castCrypto: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'sealvote-startup-'));
  const t0 = performance.now();
  const child = spawn(process.execPath, args, {
    cwd: REPO,
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      SEALVOTE_DB: join(dir, 'db.sqlite'),
      SEALVOTE_NO_DEMO: '1',
      HOST: '127.0.0.1',
      PORT: '0',
      SEALVOTE_MASTER_SECRET: randomBytes(32).toString('hex'),
      SEALVOTE_SIGNING_SEED: randomBytes(32).toString('hex'),
      SEALVOTE_SLIP_PEPPER: randomBytes(32).toString('hex'),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let listening = NaN;
  let listeningCpu = NaN;
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (d) => {
      out += d;
      if (Number.isNaN(listening) && out.includes('listening on')) {
        listening = performance.now() - t0;
        listeningCpu = cpuMs(child.pid);
      }
      if (out.includes('cast checks by')) {
        const castCrypto = performance.now() - t0;
        child.once('exit', () => {
          rmSync(dir, { recursive: true, force: true });
          resolve({ listening, listeningCpu, castCrypto });
        });
        child.kill('SIGTERM');
      }
    });
    child.once('exit', (code) => {
      if (!out.includes('cast checks by')) reject(new Error(`server exited (${code}):\n${out}`));
    });
  });
}

export async function benchStartup(runs: number): Promise<StartupBench> {
  const out: Required<StartupBench> = { built: [], sources: [], builtCastCrypto: [], builtCpu: [], sourcesCpu: [] };
  for (let i = 0; i < runs; i++) {
    const b = await once(['dist/server/server.mjs']);
    out.built.push(b.listening);
    out.builtCpu.push(b.listeningCpu);
    out.builtCastCrypto.push(b.castCrypto);
    const t = await once(['--import', 'tsx', 'src/node.ts']);
    out.sources.push(t.listening);
    out.sourcesCpu.push(t.listeningCpu);
  }
  return out;
}
