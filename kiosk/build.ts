/**
 * Builds the kiosk pages into kiosk/dist: one esbuild bundle per entry in kiosk/src/*.ts
 * (served as /kiosk/<name>.js), the pages' HTML (/tablet/, /console/, /projector/, /inspector/, /coissuer/) and the
 * styles (/kiosk/<name>.css). No inline scripts or styles anywhere: the CSP allows 'self' only.
 *
 *   npx tsx kiosk/build.ts        (npm run build does this and the service bundles: scripts/build.ts;
 *                                  the service never builds while it serves)
 */
import { build } from 'esbuild';
import { cpSync, existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const KIOSK_ROOT = dirname(fileURLToPath(import.meta.url));
export const KIOSK_DIST = join(KIOSK_ROOT, 'dist');

/**
 * The page scripts; every other module in kiosk/src (i18n.ts, lib/) is bundled into them.
 * verify-worker is the inspector's Web Worker (an ES module worker, same origin: CSP 'self').
 */
export const KIOSK_SCRIPTS = ['tablet', 'console', 'projector', 'landing', 'inspector', 'verify-worker', 'coissuer'] as const;

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
  // Browsers ask for /favicon.ico on their own (even for the server-rendered slip page); a 404
  // there would be a console error on every page.
  writeFileSync(join(staging, 'favicon.ico'), favicon());
  rmSync(outDir, { recursive: true, force: true });
  renameSync(staging, outDir);
  return outDir;
}

/** A 16×16 32-bit ICO (ICONDIR + BITMAPINFOHEADER + BGRA rows bottom-up + AND mask): a blue tile with a white ballot slot. */
export function favicon(): Uint8Array {
  const size = 16;
  const pixels = size * size * 4;
  const mask = size * 4; // 16 rows of 32 bits
  const image = 40 + pixels + mask;
  const buf = Buffer.alloc(6 + 16 + image);
  buf.writeUInt16LE(0, 0);
  buf.writeUInt16LE(1, 2); // type: icon
  buf.writeUInt16LE(1, 4); // one image
  buf.writeUInt8(size, 6);
  buf.writeUInt8(size, 7);
  buf.writeUInt16LE(1, 10); // planes
  buf.writeUInt16LE(32, 12); // bits per pixel
  buf.writeUInt32LE(image, 14);
  buf.writeUInt32LE(22, 18); // offset of the image
  buf.writeUInt32LE(40, 22); // BITMAPINFOHEADER
  buf.writeInt32LE(size, 26);
  buf.writeInt32LE(size * 2, 30); // XOR + AND masks
  buf.writeUInt16LE(1, 34);
  buf.writeUInt16LE(32, 36);
  buf.writeUInt32LE(pixels + mask, 42);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const slot = y >= 7 && y <= 8 && x >= 3 && x <= 12;
      const o = 62 + (y * size + x) * 4;
      buf.writeUInt8(slot ? 0xff : 0xad, o); // B
      buf.writeUInt8(slot ? 0xff : 0x5c, o + 1); // G
      buf.writeUInt8(slot ? 0xff : 0x0b, o + 2); // R
      buf.writeUInt8(0xff, o + 3); // A
    }
  }
  return buf;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const out = await buildKiosk();
  console.log(`kiosk: built ${out}`);
}
