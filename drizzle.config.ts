import { defineConfig } from 'drizzle-kit';

// One migrations folder for both targets: better-sqlite3 applies it at start-up, wrangler to D1.
export default defineConfig({
  dialect: 'sqlite',
  schema: './src/db/schema/index.ts',
  out: './migrations',
});
