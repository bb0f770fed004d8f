/**
 * Before the browser tests (`npm run test:browser`): Debian's chromium and a CJK font
 * (fonts-wqy-microhei, so zh-CN pages show characters, not boxes). When either is missing it
 * installs both with apt-get as root; otherwise it stops with one line saying what to install.
 * CHROMIUM_PATH names another chromium (playwright.config.ts); then nothing is installed and no
 * font is required.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const PACKAGES = ['chromium', 'fonts-wqy-microhei'] as const;

export interface Machine {
  /** CHROMIUM_PATH when set. */
  chromiumPath: string | undefined;
  exists(path: string): boolean;
  hasCjkFont(): boolean;
  isRoot: boolean;
  hasAptGet: boolean;
  aptGet(args: string[]): void;
  say(line: string): void;
  complain(line: string): void;
}

/** 0 when the browser tests can run (after installing what was missing), 1 after one line saying what to do. */
export function ensureBrowserDeps(m: Machine): number {
  const chromium = m.chromiumPath ?? '/usr/bin/chromium';
  const missing = () => [
    ...(m.exists(chromium) ? [] : [m.chromiumPath !== undefined ? `${chromium} (CHROMIUM_PATH)` : "Debian's chromium"]),
    ...(m.chromiumPath !== undefined || m.hasCjkFont() ? [] : ['a CJK font']),
  ];
  if (missing().length === 0) return 0;
  const need = PACKAGES.join(' ');
  if (m.chromiumPath !== undefined || !m.isRoot || !m.hasAptGet) {
    m.complain(`browser tests: ${missing().join(' and ')} missing — install with \`sudo apt-get install ${need}\` (or set CHROMIUM_PATH to a chromium), then run npm test again`);
    return 1;
  }
  m.say(`browser tests: installing ${need} (apt-get)`);
  try {
    m.aptGet(['update', '-qq']);
    m.aptGet(['install', '-y', '-qq', ...PACKAGES]);
  } catch (err) {
    m.complain(`browser tests: \`apt-get install ${need}\` failed (${(err as { status?: number }).status !== undefined ? `exit ${(err as { status?: number }).status}` : (err as Error).message.split('\n')[0]}) — install them, then run npm test again`);
    return 1;
  }
  if (missing().length === 0) return 0;
  m.complain(`browser tests: ${missing().join(' and ')} still missing after apt-get install ${need}`);
  return 1;
}

function thisMachine(): Machine {
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  return {
    chromiumPath: process.env.CHROMIUM_PATH,
    exists: existsSync,
    hasCjkFont: () => {
      const fc = spawnSync('fc-list', [], { encoding: 'utf8' });
      return fc.status === 0 && /wenquanyi|wqy/i.test(fc.stdout);
    },
    isRoot: process.getuid?.() === 0,
    hasAptGet: spawnSync('apt-get', ['--version'], { stdio: 'ignore' }).status === 0,
    aptGet: (args) => void execFileSync('apt-get', args, { stdio: ['ignore', args[0] === 'install' ? 'ignore' : 'inherit', 'inherit'], env }),
    say: (line) => console.log(line),
    complain: (line) => console.error(line),
  };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = ensureBrowserDeps(thisMachine());
}
