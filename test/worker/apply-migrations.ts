import { applyD1Migrations } from 'cloudflare:test';
import { env } from './env';

// The drizzle-kit migrations, applied to the local D1 the way `wrangler d1 migrations apply`
// applies them in production (same d1_migrations table). Runs before every test file; already
// applied migrations are skipped.
await applyD1Migrations(env.DB, env.TEST_MIGRATIONS);
