import type { BaseSQLiteDatabase } from 'drizzle-orm/sqlite-core';
import type * as schema from './schema';

export type Schema = typeof schema;

/**
 * The database as the domain sees it: the same drizzle API over better-sqlite3 (sync) or D1
 * (async). Domain code always `await`s, so it runs unchanged on both.
 */
export type Db = BaseSQLiteDatabase<'sync' | 'async', unknown, Schema>;
