/**
 * Builds the kiosk pages into kiosk/dist: one esbuild bundle per entry in kiosk/src/*.ts
 * (served as /kiosk/<name>.js), the pages' HTML (/tablet/, /console/, /projector/) and the
 * styles (/kiosk/<name>.css). No inline scripts or styles anywhere: the CSP allows 'self' only.
 *
 *   npx tsx kiosk/build.ts        (node.ts also builds on start when dist is stale)
 */
import { build } from 'esbuild';
import { cpSync, existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const KIOSK_ROOT = dirname(fileURLToPath(import.meta.url));
export const KIOSK_DIST = join(KIOSK_ROOT, 'dist');

/** Everything a bundle is made from: a change in any of these makes dist stale. */
export function kioskSourceDirs(root = KIOSK_ROOT): string[] {
  return [
    join(root, 'src'),
    join(root, 'pages'),
    join(root, 'styles'),
    join(root, 'build.ts'),
    resolve(root, '../crypto'),
    resolve(root, '../src/rules'),
  ];
}

/** The page scripts; every other module in kiosk/src (i18n.ts, lib/) is bundled into them. */
export const KIOSK_SCRIPTS = ['tablet', 'console', 'projector', 'landing'] as const;

export function kioskEntries(root = KIOSK_ROOT): string[] {
  return KIOSK_SCRIPTS.map((name) => join(root, 'src', `${name}.ts`)).filter((f) => existsSync(f));
}

/** Builds into a fresh directory, then swaps it in, so a running server never serves half a build. */
export async function buildKiosk(root = KIOSK_ROOT, outDir = join(root, 'dist')): Promise<string> {
  const staging = `${outDir}.tmp-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(join(staging, 'kiosk'), { recursive: true });
  await build({
    entryPoints: kioskEntries(root),
    outdir: join(staging, 'kiosk'),
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: ['chrome109', 'firefox115', 'safari16'],
    // Readable output: the people who check the service should be able to read what runs.
    minify: false,
    sourcemap: false,
    legalComments: 'inline',
    logLevel: 'warning',
    define: { 'process.env.NODE_ENV': '"production"' },
  });
  cpSync(join(root, 'pages'), staging, { recursive: true });
  cpSync(join(root, 'styles'), join(staging, 'kiosk'), { recursive: true });
  rmSync(outDir, { recursive: true, force: true });
  renameSync(staging, outDir);
  return outDir;
}

function newestMtime(path: string): number {
  if (!existsSync(path)) return 0;
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = st.mtimeMs;
  for (const name of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, name)));
  return newest;
}

/** True when dist is missing or any source is newer than the oldest output. */
export function kioskIsStale(root = KIOSK_ROOT, outDir = join(root, 'dist')): boolean {
  const marker = join(outDir, 'tablet', 'index.html');
  if (!existsSync(marker)) return true;
  const built = statSync(marker).mtimeMs;
  return kioskSourceDirs(root).some((p) => newestMtime(p) > built);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const out = await buildKiosk();
  console.log(`kiosk: built ${out}`);
}
