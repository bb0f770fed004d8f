import { defineConfig } from '@playwright/test';

/**
 * Browser tests of the kiosk pages with Debian's chromium (`npm run test:browser` installs it
 * when missing: scripts/browser-deps.ts). The production build is made once (global-setup.ts)
 * and each spec starts it on an ephemeral port (test/browser/server.ts).
 *   npm run test:browser          (or npx playwright test, once chromium is there)
 */
export default defineConfig({
  testDir: 'test/browser',
  globalSetup: './test/browser/global-setup.ts',
  testMatch: '**/*.spec.ts',
  outputDir: 'test-results/playwright',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  // Caps, not expectations: every wait is for a page state, and the suite must pass on a busy
  // 2-core machine (beside a CPU hog, or other suites).
  timeout: 300_000,
  expect: { timeout: 60_000 },
  reporter: [['list']],
  use: {
    browserName: 'chromium',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    trace: 'off',
  },
});
