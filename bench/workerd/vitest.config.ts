import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

/**
 * The workerd bench's own unit tests (parsing /proc, the baseline arithmetic, the plan verdicts).
 * The root vitest.config.ts includes only test/**, and this bench lives in bench/workerd/:
 *   npx vitest run --config bench/workerd/vitest.config.ts
 */
export default defineConfig({
  root: fileURLToPath(new URL('../..', import.meta.url)),
  test: {
    include: ['bench/workerd/**/*.test.ts'],
    testTimeout: 30_000,
  },
});
