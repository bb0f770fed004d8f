/**
 * The browser step of `npm test` on a fresh machine (scripts/browser-deps.ts, issue 20.5): it
 * installs Debian's chromium and the CJK font when they are missing and it runs as root, and
 * otherwise stops with one line naming what to install — never Playwright's stack trace.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ensureBrowserDeps, type Machine } from '../../scripts/browser-deps';
import { ROOT } from '../../scripts/build';

/** A machine where apt-get "installs" by making chromium and the font appear. */
function machine(over: Partial<Machine> & { chromium?: boolean; font?: boolean } = {}) {
  const files = new Set<string>(over.chromium ? ['/usr/bin/chromium'] : []);
  let font = over.font ?? false;
  const log = { apt: [] as string[][], said: [] as string[], complained: [] as string[] };
  const m: Machine = {
    chromiumPath: undefined,
    exists: (p) => files.has(p),
    hasCjkFont: () => font,
    isRoot: true,
    hasAptGet: true,
    aptGet: (args) => {
      log.apt.push(args);
      if (args[0] === 'install') {
        files.add('/usr/bin/chromium');
        font = true;
      }
    },
    say: (l) => log.said.push(l),
    complain: (l) => log.complained.push(l),
    ...over,
  };
  return { m, log };
}

describe('ensureBrowserDeps', () => {
  it('installs chromium and the font with apt-get as root when either is missing', () => {
    for (const start of [{}, { chromium: true }, { font: true }]) {
      const { m, log } = machine(start);
      expect(ensureBrowserDeps(m)).toBe(0);
      expect(log.apt).toEqual([['update', '-qq'], ['install', '-y', '-qq', 'chromium', 'fonts-wqy-microhei']]);
      expect(log.complained).toEqual([]);
    }
  });

  it('does nothing when both are there', () => {
    const { m, log } = machine({ chromium: true, font: true });
    expect(ensureBrowserDeps(m)).toBe(0);
    expect(log.apt).toEqual([]);
    expect(log.said).toEqual([]);
  });

  it('stops with one line saying what to install when it cannot install (not root, no apt-get, or a CHROMIUM_PATH that is missing)', () => {
    const how = 'install with `sudo apt-get install chromium fonts-wqy-microhei` (or set CHROMIUM_PATH to a chromium), then run npm test again';
    for (const [over, what] of [
      [{ isRoot: false }, "Debian's chromium and a CJK font"],
      [{ hasAptGet: false }, "Debian's chromium and a CJK font"],
      [{ isRoot: false, chromium: true }, 'a CJK font'],
      [{ isRoot: false, font: true }, "Debian's chromium"],
      [{ chromiumPath: '/opt/chrome/chrome' }, '/opt/chrome/chrome (CHROMIUM_PATH)'],
    ] as const) {
      const { m, log } = machine(over);
      expect(ensureBrowserDeps(m)).toBe(1);
      expect(log.apt).toEqual([]);
      expect(log.complained).toEqual([`browser tests: ${what} missing — ${how}`]);
    }
  });

  it('stops with one line when apt-get fails (no mirror reachable, a held lock)', () => {
    const { m, log } = machine({
      aptGet: () => {
        throw Object.assign(new Error('Command failed: apt-get update -qq\nE: Could not get lock'), { status: 100 });
      },
    });
    expect(ensureBrowserDeps(m)).toBe(1);
    expect(log.complained).toEqual(['browser tests: `apt-get install chromium fonts-wqy-microhei` failed (exit 100) — install them, then run npm test again']);
  });

  it('says so when apt-get ran and chromium is still missing', () => {
    const { m, log } = machine({ aptGet: () => {} });
    expect(ensureBrowserDeps(m)).toBe(1);
    expect(log.complained[0]).toMatch(/still missing after apt-get install/);
  });

  it('as a command: exit 1 and that one line on stderr', () => {
    const res = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'scripts/browser-deps.ts')], {
      env: { PATH: process.env.PATH!, CHROMIUM_PATH: '/nonexistent/chromium' },
      encoding: 'utf8',
      cwd: ROOT,
    });
    expect(res.status).toBe(1);
    expect(res.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^browser tests: \/nonexistent\/chromium \(CHROMIUM_PATH\) missing — install with/)]);
  });
});
