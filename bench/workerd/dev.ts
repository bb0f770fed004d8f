/**
 * The Worker in local workerd through the installed wrangler (`wrangler dev`), on 127.0.0.1,
 * with its own local D1 in a temporary folder (`--persist-to`) and fresh secrets in an env file
 * there (mode 0600), so neither the developer's `.wrangler/` state nor `.dev.vars` is touched.
 * Nothing reaches the network: no request.cf download, no metrics, no update check (banner off).
 *
 * The code is frozen before the run: by default the last commit (`git archive HEAD`, so work in
 * progress in a shared working tree is not measured), or the working tree as it is with
 * `worktree`. The bundle `wrangler deploy --dry-run` would upload is built once from it and
 * served with `--no-bundle`, from a copy of wrangler.toml whose paths point into the folder. A
 * live `wrangler dev` rebuilds and restarts workerd whenever a source file changes — in a shared
 * working tree that happened mid-run, and would have mixed two versions of the code.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO } from '../lib/server';
import { parseProcStat, readCpu, workerdBelow, type CpuReading } from './proc';

const WRANGLER = join(REPO, 'node_modules/wrangler/bin/wrangler.js');

const OFFLINE_ENV = {
  CLOUDFLARE_CF_FETCH_ENABLED: 'false',
  WRANGLER_SEND_METRICS: 'false',
  WRANGLER_HIDE_BANNER: 'true',
  WRANGLER_CI_DISABLE_CONFIG_WATCHING: 'true',
} as const;

function wranglerEnv(): NodeJS.ProcessEnv {
  return { ...process.env, ...OFFLINE_ENV };
}

/** Runs one wrangler command to completion; its output is shown only when it fails. */
function wrangler(args: string[]): void {
  const run = spawnSync(process.execPath, [WRANGLER, ...args], { cwd: REPO, env: wranglerEnv(), encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`wrangler ${args[0]} ${args[1] ?? ''} failed (${run.status}):\n${run.stdout}\n${run.stderr}`);
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

export interface LocalWorker {
  base: string;
  /** The workerd running the Worker, with the local D1 (a Durable Object in the same process). */
  runtime: number[];
  /** wrangler's proxy workerd in front of it, listening on the port: not the Worker's CPU. */
  proxy: number[];
  /** CPU of the runtime process(es) only. */
  cpu(): CpuReading;
  /** What wrangler and workerd printed so far (warnings and errors only). */
  output(): string;
  /** Stops wrangler; a workerd of ours that outlives it is ended by its pid. */
  stop(): Promise<void>;
}

export interface LocalD1 {
  dir: string;
  /** Runs SQL against the local D1 through `wrangler d1 execute --local` (setup only). */
  execute(sql: string): void;
  start(): Promise<LocalWorker>;
  remove(): void;
}

/**
 * wrangler.toml with its three paths made absolute: the entry point, the migrations, and the
 * assets folder (an empty one in `dir`: the bench calls the API only). Every other setting —
 * compatibility date and flags, D1 binding, run_worker_first, vars — is the deployment's own.
 * A path that is not found means wrangler.toml changed shape: refuse rather than guess.
 */
export function benchConfig(toml: string, paths: { main: string; migrations: string; assets: string }): string {
  const replace = (text: string, pattern: RegExp, value: string) => {
    if (!pattern.test(text)) throw new Error(`wrangler.toml: no line matches ${pattern}`);
    return text.replace(pattern, (_line, key: string) => `${key}${JSON.stringify(value)}`);
  };
  let out = replace(toml, /^(main\s*=\s*)"[^"]*"/m, paths.main);
  out = replace(out, /^(migrations_dir\s*=\s*)"[^"]*"/m, paths.migrations);
  return replace(out, /^(directory\s*=\s*)"[^"]*"/m, paths.assets);
}

/** The commit measured, and whether the working tree differed from it (then `worktree` matters). */
export function sourceState(): { commit: string; dirty: boolean } {
  const git = (args: string[]) => {
    const run = spawnSync('git', ['-C', REPO, ...args], { encoding: 'utf8' });
    if (run.status !== 0) throw new Error(`git ${args[0]} failed: ${run.stderr}`);
    return run.stdout.trim();
  };
  return { commit: git(['rev-parse', 'HEAD']), dirty: git(['status', '--porcelain', '--untracked-files=no']) !== '' };
}

/** The source to bundle: the repository itself, or HEAD exported into `dir/tree` (read-only git). */
function sourceRoot(dir: string, worktree: boolean): string {
  if (worktree) return REPO;
  const tree = join(dir, 'tree');
  mkdirSync(tree);
  const tar = join(dir, 'head.tar');
  for (const [cmd, args] of [
    ['git', ['-C', REPO, 'archive', '--format=tar', '-o', tar, 'HEAD']],
    ['tar', ['-xf', tar, '-C', tree]],
  ] as const) {
    const run = spawnSync(cmd, args, { encoding: 'utf8' });
    if (run.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed: ${run.stderr}`);
  }
  rmSync(tar);
  // The installed dependencies, unchanged: only sealvote's own code is taken from HEAD.
  symlinkSync(join(REPO, 'node_modules'), join(tree, 'node_modules'));
  return tree;
}

/** A temporary folder holding the frozen bundle, the local D1 (migrated) and the Worker's secrets. */
export function localD1(options: { worktree?: boolean } = {}): LocalD1 {
  const dir = mkdtempSync(join(tmpdir(), 'sealvote-workerd-'));
  const source = sourceRoot(dir, options.worktree ?? false);
  const envFile = join(dir, 'bench.env');
  const config = join(dir, 'wrangler.toml');
  const hex = () => randomBytes(32).toString('hex');
  writeFileSync(
    envFile,
    [
      `SEALVOTE_MASTER_SECRET=${hex()}`,
      `SEALVOTE_SIGNING_SEED=${hex()}`,
      `SEALVOTE_SLIP_PEPPER=${hex()}`,
      'SEALVOTE_LOG_ORIGIN=bench.sealvote.local/log',
      // wrangler dev serves plain http on 127.0.0.1.
      'SEALVOTE_INSECURE_COOKIES=1',
    ].join('\n') + '\n',
    { mode: 0o600 },
  );
  mkdirSync(join(dir, 'assets'));
  const toml = readFileSync(join(source, 'wrangler.toml'), 'utf8');
  writeFileSync(config, benchConfig(toml, { main: join(source, 'src/worker.ts'), migrations: join(source, 'migrations'), assets: join(dir, 'assets') }));
  wrangler(['deploy', '--dry-run', '--outdir', join(dir, 'bundle'), '--config', config]);
  wrangler(['d1', 'migrations', 'apply', 'DB', '--local', '--persist-to', dir, '--config', config]);
  return {
    dir,
    execute(sql: string) {
      const file = join(dir, `exec-${randomBytes(6).toString('hex')}.sql`);
      writeFileSync(file, sql, { mode: 0o600 });
      try {
        wrangler(['d1', 'execute', 'DB', '--local', '--persist-to', dir, '--file', file, '--config', config]);
      } finally {
        rmSync(file, { force: true });
      }
    },
    start: () => startDev(dir, envFile, config),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/**
 * wrangler dev runs two workerd processes: a proxy that owns the public port
 * (`--socket-addr=entry=127.0.0.1:<port>`) and the runtime with the Worker, on a port of its own.
 * Only the runtime does what a deployed Worker's CPU time would count.
 */
export function splitProxy(pids: readonly number[], argvOf: (pid: number) => string[], port: number): { runtime: number[]; proxy: number[] } {
  const onPort = (pid: number) => argvOf(pid).includes(`--socket-addr=entry=127.0.0.1:${port}`);
  const proxy = pids.filter(onPort);
  const runtime = pids.filter((pid) => !onPort(pid));
  if (runtime.length === 0) throw new Error(`no workerd runtime process found (workerd: ${pids.join(', ') || 'none'})`);
  return { runtime, proxy };
}

async function startDev(dir: string, envFile: string, config: string): Promise<LocalWorker> {
  const port = await freePort();
  const child: ChildProcess = spawn(
    process.execPath,
    [WRANGLER, 'dev', join(dir, 'bundle/worker.js'), '--no-bundle', '--config', config, '--ip', '127.0.0.1', '--port', String(port), '--persist-to', dir, '--env-file', envFile, '--show-interactive-dev-session=false', '--log-level', 'warn'],
    { cwd: REPO, env: wranglerEnv(), stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  const base = `http://127.0.0.1:${port}`;
  const stop = () =>
    new Promise<void>((ok) => {
      if (child.exitCode !== null || child.signalCode !== null) return ok();
      child.once('exit', () => ok());
      child.kill('SIGTERM');
      setTimeout(() => child.kill('SIGKILL'), 10_000).unref();
    });
  try {
    const deadline = Date.now() + 120_000;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`wrangler dev exited (${child.exitCode}):\n${output}`);
      if (Date.now() > deadline) throw new Error(`wrangler dev did not answer /healthz in 120 s:\n${output}`);
      const ok = await fetch(`${base}/healthz`).then((r) => r.ok, () => false);
      if (ok) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    const workerd = workerdBelow(child.pid!);
    const { runtime, proxy } = splitProxy(workerd, (pid) => readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0'), port);
    const stopAll = async () => {
      await stop();
      for (const pid of workerd) {
        try {
          // Only if the pid still names a workerd: a pid freed by its exit may have been reused.
          if (parseProcStat(readFileSync(`/proc/${pid}/stat`, 'utf8')).comm === 'workerd') process.kill(pid, 'SIGKILL');
        } catch {
          // Already gone with its wrangler: the usual case.
        }
      }
    };
    return { base, runtime, proxy, cpu: () => readCpu(runtime), output: () => output, stop: stopAll };
  } catch (err) {
    await stop();
    throw err;
  }
}
