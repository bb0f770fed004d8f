/**
 * Goal 3, tablet side: blind + finalize in headless Chromium (Debian's /usr/bin/chromium via
 * Playwright), on a page running crypto/token.ts bundled by esbuild exactly as the kiosk is.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { REPO } from './lib/server';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export type BrowserBench =
  | { skipped: string }
  | {
      browser: string;
      blind: number[];
      finalize: number[];
      /** Co-issued (docs/coissuance.md §2.3), the same page and run: blind, and finalizeCoissued (two partial checks + unblind). */
      coissued?: { blind: number[]; finalize: number[] };
    };

export async function benchBrowser(n: number): Promise<BrowserBench> {
  if (!existsSync(CHROMIUM)) return { skipped: `no Chromium at ${CHROMIUM} (set CHROMIUM_PATH, or apt-get install chromium)` };
  let chromium: typeof import('playwright-core').chromium;
  try {
    ({ chromium } = await import('playwright-core'));
  } catch {
    return { skipped: 'playwright-core is not installed' };
  }
  const bundle = await build({
    entryPoints: [join(REPO, 'bench/browser/tablet-entry.ts')],
    bundle: true,
    format: 'iife',
    target: 'es2022',
    write: false,
    minify: true,
  });
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: FLAGS });
  try {
    const page = await browser.newPage();
    await page.setContent('<!doctype html><title>sealvote tablet bench</title>');
    await page.addScriptTag({ content: bundle.outputFiles[0]!.text });
    // One warm-up round: the first call compiles the code and builds noble's tables.
    await page.evaluate(() => (globalThis as any).tabletCost(2));
    await page.evaluate(() => (globalThis as any).coissuedCost(2));
    const r = await page.evaluate((count) => (globalThis as any).tabletCost(count) as { blind: number[]; finalize: number[] }, n);
    const coissued = await page.evaluate((count) => (globalThis as any).coissuedCost(count) as { blind: number[]; finalize: number[] }, n);
    return { browser: `Chromium ${browser.version()}`, ...r, coissued };
  } finally {
    await browser.close();
  }
}
