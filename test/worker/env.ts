import type { D1Migration } from 'cloudflare:test';
import { env as bindings } from 'cloudflare:workers';
import { drizzle } from 'drizzle-orm/d1';
import type { Db } from '../../src/db/client';
import * as schema from '../../src/db/schema';
import type { WorkerEnv } from '../../src/worker';

/** What vitest.workers.config.ts binds: the Worker's own env plus the migrations to apply. */
export interface TestEnv extends WorkerEnv {
  TEST_MIGRATIONS: D1Migration[];
}

export const env = bindings as TestEnv;

/** The same drizzle database the Worker builds from its DB binding. */
export function d1Db(): Db {
  return drizzle(env.DB, { schema }) as unknown as Db;
}
