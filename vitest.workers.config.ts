import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { cloudflareTest, readD1Migrations } from '@cloudflare/vitest-pool-workers';
import { defineConfig } from 'vitest/config';

// Nothing may reach the network: workerd would otherwise download request.cf sample data.
process.env.CLOUDFLARE_CF_FETCH_ENABLED = 'false';
process.env.WRANGLER_SEND_METRICS = 'false';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

// wrangler.toml's [assets] folder must exist; the kiosk build fills it, tests need only the folder.
mkdirSync(here('./kiosk/dist'), { recursive: true });

/** Fresh secrets for every run, as 64 hex characters: the Worker reads them like `wrangler secret put` ones. */
const secret = () => randomBytes(32).toString('hex');

/**
 * The Worker suite: test/worker/** runs inside workerd with the real wrangler.toml (D1 binding,
 * assets, compatibility date and flags), the drizzle-kit migrations applied to a local D1 by
 * test/worker/apply-migrations.ts.
 */
export default defineConfig({
  plugins: [
    cloudflareTest(async () => ({
      main: './src/worker.ts',
      wrangler: { configPath: './wrangler.toml' },
      miniflare: {
        bindings: {
          SEALVOTE_MASTER_SECRET: secret(),
          SEALVOTE_SIGNING_SEED: secret(),
          SEALVOTE_SLIP_PEPPER: secret(),
          SEALVOTE_LOG_ORIGIN: 'sealvote.test/log',
          // Stated, so a developer's .dev.vars (which wrangler also reads) cannot change a test.
          SEALVOTE_INSECURE_COOKIES: '0',
          TEST_MIGRATIONS: await readD1Migrations(here('./migrations')),
        },
      },
    })),
  ],
  test: {
    include: ['test/worker/**/*.test.ts'],
    setupFiles: ['./test/worker/apply-migrations.ts'],
    testTimeout: 120_000,
    hookTimeout: 180_000,
  },
});
