import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import * as schema from './schema';
import type { Db } from './client';

export const MIGRATIONS_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../migrations');

export interface SqliteHandle {
  db: Db;
  sqlite: Database.Database;
  close(): void;
}

/**
 * Opens (creating if needed) the embedded database and applies every migration.
 * WAL + synchronous=FULL: a ballot acknowledged with 201 survives a power cut (design.md
 * "A ballot is acknowledged only after it is durably stored").
 */
export function openSqlite(path: string): SqliteHandle {
  if (path !== ':memory:') mkdirSync(dirname(resolve(path)), { recursive: true });
  const sqlite = new Database(path);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  const db = drizzle(sqlite, { schema });
  migrate(db, { migrationsFolder: MIGRATIONS_DIR });
  return { db: db as unknown as Db, sqlite, close: () => sqlite.close() };
}
