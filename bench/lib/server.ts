/**
 * The real Node server as production runs it (`node dist/server/server.mjs`, built once by
 * bench/run.ts through scripts/build.ts) as a child process on 127.0.0.1, so its CPU and memory
 * are its own and can be read from /proc while the bench process plays the tablets — and their
 * reverse proxy: the server trusts 127.0.0.1's X-Forwarded-For (bench/lib/client.ts).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import type { ServiceConfig } from '../../src/config';

export const REPO = resolve(import.meta.dirname, '../..');
/** Linux USER_HZ: /proc/<pid>/stat counts CPU time in these ticks (10 ms). */
const CLOCK_TICKS_PER_S = 100;

export interface BenchSecrets {
  masterSecret: Buffer;
  signingSeed: Buffer;
  slipPepper: Buffer;
}

export function newSecrets(): BenchSecrets {
  return { masterSecret: randomBytes(32), signingSeed: randomBytes(32), slipPepper: randomBytes(32) };
}

export function benchConfig(s: BenchSecrets): ServiceConfig {
  return {
    ...s,
    logOrigin: 'bench.sealvote.local/log',
    secureCookies: false,
    maxBodyBytes: 64 * 1024,
    sessionTtlMs: 8 * 60 * 60 * 1000,
  };
}

async function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const srv = createServer();
    srv.once('error', fail);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => ok(port));
    });
  });
}

export interface ServerChild {
  base: string;
  pid: number;
  /** user + system CPU seconds the server has used so far. */
  cpuSeconds(): number;
  /** The same for the main thread alone (the event loop; not the token or GC threads). */
  mainThreadCpuSeconds(): number;
  /** Peak resident set size so far (VmHWM), bytes. */
  peakRss(): number;
  stop(): Promise<void>;
}

/** SIGTERM, then SIGKILL after 5 s; resolves once the child has exited. */
export function stopChild(child: ChildProcess): Promise<void> {
  return new Promise<void>((ok) => {
    if (child.exitCode !== null) return ok();
    child.once('exit', () => ok());
    child.kill('SIGTERM');
    setTimeout(() => child.kill('SIGKILL'), 5000).unref();
  });
}

/** utime + stime of a /proc stat line: fields 14 and 15, counted after the parenthesised name. */
export function statCpu(stat: string): number {
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_S;
}

/**
 * `env` adds server settings, e.g. SEALVOTE_CAST_BATCH_MAX=1 for the unbatched casting baseline.
 * `repo` runs the server of a checkout from its sources with tsx instead of this checkout's
 * build: a same-run baseline of an earlier commit, and this commit the same way (bench/storage.ts).
 */
export async function startServer(dbPath: string, secrets: BenchSecrets, env: Record<string, string> = {}, repo?: string): Promise<ServerChild> {
  const port = await freePort();
  // BENCH_SERVER_NODE_ARGS, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof", profiles the server.
  const nodeArgs = (process.env.BENCH_SERVER_NODE_ARGS ?? '').split(' ').filter(Boolean);
  // A checkout named by `repo` runs from its sources (an earlier commit may have no build).
  const entry = repo ? ['--import', 'tsx', 'src/node.ts'] : ['dist/server/server.mjs'];
  const child: ChildProcess = spawn(process.execPath, [...nodeArgs, ...entry], {
    cwd: repo ?? REPO,
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      NODE_ENV: 'production',
      SEALVOTE_DB: dbPath,
      SEALVOTE_SECRETS_FILE: `${dbPath}.secrets.json`,
      SEALVOTE_NO_DEMO: '1',
      SEALVOTE_MASTER_SECRET: secrets.masterSecret.toString('hex'),
      SEALVOTE_SIGNING_SEED: secrets.signingSeed.toString('hex'),
      SEALVOTE_SLIP_PEPPER: secrets.slipPepper.toString('hex'),
      SEALVOTE_LOG_ORIGIN: 'bench.sealvote.local/log',
      SEALVOTE_TRUSTED_PROXIES: '127.0.0.1',
      HOST: '127.0.0.1',
      PORT: String(port),
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  await new Promise<void>((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`server did not start in 120 s:\n${output}`)), 120_000);
    const check = () => {
      if (output.includes('listening on')) {
        clearTimeout(timer);
        ok();
      }
    };
    child.stdout!.on('data', check);
    child.once('exit', (code) => {
      clearTimeout(timer);
      fail(new Error(`server exited (${code}) before listening:\n${output}`));
    });
  });
  const pid = child.pid!;
  const proc = (file: string) => readFileSync(`/proc/${pid}/${file}`, 'utf8');
  return {
    base: `http://127.0.0.1:${port}`,
    pid,
    cpuSeconds() {
      return statCpu(proc('stat'));
    },
    mainThreadCpuSeconds() {
      return statCpu(proc(`task/${pid}/stat`));
    },
    peakRss() {
      const kb = /^VmHWM:\s+(\d+) kB/m.exec(proc('status'))?.[1];
      return Number(kb) * 1024;
    },
    stop: () => stopChild(child),
  };
}
