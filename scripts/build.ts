/**
 * `npm run build`: compiles once what production runs, so the service starts with plain `node`
 * (no tsx, no esbuild at run time) and serves files it does not build:
 *
 *   kiosk/dist/                  the kiosk pages (kiosk/build.ts; also the Worker's [assets])
 *   dist/server/server.mjs       the Node service (src/node.ts), one ES module
 *   dist/server/token-thread-entry.mjs   its token thread (src/node-crypto/token-thread-worker.ts)
 *   dist/cli/sealvote.mjs        the command line (src/cli/main.ts): admin create, verify, backup…
 *   dist/cli/worker.mjs          the verifier's worker threads (src/verifier-node/worker.ts)
 *
 * The bundles sit two folders below the root, as src/db/sqlite.ts does, so `../../migrations`
 * finds the migrations from either; node-assets.ts finds `../../kiosk/dist` the same way. Only
 * better-sqlite3 (a native addon) stays outside the bundles, in node_modules. The worker entries
 * keep the names the code asks for (`new URL('./token-thread-entry.mjs', import.meta.url)`).
 *
 *   npm run build            (npm start runs it first)
 */
import { build, type BuildOptions, type Metafile } from 'esbuild';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildKiosk } from '../kiosk/build';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const DIST = join(ROOT, 'dist');

/** The Node release the bundles are compiled for; production runs Node 24 LTS (README). */
export const NODE_TARGET = 'node20.11';

const common: BuildOptions = {
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: NODE_TARGET,
  external: ['better-sqlite3'],
  // CommonJS packages inside an ES module bundle (mcl-wasm) still call require().
  banner: { js: "import { createRequire as __sealvoteRequire } from 'node:module';\nconst require = __sealvoteRequire(import.meta.url);" },
  // Readable output: whoever checks the service can read what runs.
  minify: false,
  sourcemap: false,
  legalComments: 'inline',
  logLevel: 'warning',
  metafile: true,
};

/**
 * The printed results' stylesheet, inlined into the bundles as a constant: `print-results` runs
 * from dist/cli/ in the checkout and in the offline package, where kiosk/styles/ is not shipped
 * (scripts/package.ts copies kiosk/dist only), so the built CLI must not read it from disk.
 */
export function bundleDefines(): Record<string, string> {
  return { __SEALVOTE_RESULTS_CSS__: JSON.stringify(readFileSync(join(ROOT, 'kiosk/styles/results.css'), 'utf8')) };
}

/** One bundle of the build (an entry in the list below), written to `outfile`. */
export async function buildBundle(entry: string, outfile: string): Promise<Metafile> {
  mkdirSync(dirname(outfile), { recursive: true });
  const result = await build({ ...common, define: bundleDefines(), entryPoints: [join(ROOT, entry)], outfile });
  return result.metafile as Metafile;
}

export interface BuildResult {
  outputs: string[];
  /** Every source file each bundle holds (relative to the root). */
  inputs: Record<string, string[]>;
}

/** Builds the kiosk, the service and the CLI; returns what it wrote. */
export async function buildAll(opts: { log?: (line: string) => void } = {}): Promise<BuildResult> {
  const log = opts.log ?? (() => {});
  const started = performance.now();
  await buildKiosk();
  log(`kiosk: ${join(ROOT, 'kiosk/dist')}`);
  for (const dir of ['server', 'cli']) rmSync(join(DIST, dir), { recursive: true, force: true });
  const bundles: Array<[string, string]> = [
    ['src/node.ts', 'server/server.mjs'],
    ['src/node-crypto/token-thread-worker.ts', 'server/token-thread-entry.mjs'],
    ['scripts/cli-entry.ts', 'cli/sealvote.mjs'],
    ['src/verifier-node/worker.ts', 'cli/worker.mjs'],
  ];
  const inputs: Record<string, string[]> = {};
  await Promise.all(
    bundles.map(async ([entry, out]) => {
      inputs[out] = Object.keys((await buildBundle(entry, join(DIST, out))).inputs);
    }),
  );
  // The server never starts the verifier's pool; if it ever does, its worker must be beside it.
  if (inputs['server/server.mjs']!.some((f) => f.startsWith('src/verifier-node/pool'))) {
    await buildBundle('src/verifier-node/worker.ts', join(DIST, 'server/worker.mjs'));
  }
  writeFileSync(join(DIST, 'BUILD.json'), JSON.stringify({ builtAt: new Date().toISOString(), target: NODE_TARGET, bundles: bundles.map(([, o]) => o) }, null, 2) + '\n');
  log(`dist: ${bundles.map(([, o]) => o).join(', ')} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return { outputs: bundles.map(([, o]) => join(DIST, o)), inputs };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await buildAll({ log: (line) => console.log(`build: ${line}`) });
}
