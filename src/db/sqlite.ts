import { chmodSync, existsSync, mkdirSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import * as schema from './schema';
import type { Db } from './client';
import { forgetWriteOrder } from './sweep';

export const MIGRATIONS_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../migrations');

export interface SqliteHandle {
  db: Db;
  sqlite: Database.Database;
  close(): void;
}

/** The files SQLite keeps beside a database in WAL mode. */
export const SIDE_FILES = ['-wal', '-shm', '-journal'] as const;

/**
 * Opens (creating if needed) the embedded database and applies every migration.
 * WAL + synchronous=FULL: a ballot acknowledged with 201 survives a power cut (design.md
 * "A ballot is acknowledged only after it is durably stored").
 *
 * What the files keep (THREAT_MODEL.md, "A copied data directory"): the directory is made
 * 0700 and the database, its -wal and -shm 0600 (SQLite gives the side files the database's
 * mode); secure_delete zeroes whatever a delete frees, so a closed vote's rows leave nothing
 * behind; journal_size_limit = 0 cuts the -wal back to the frames in use whenever it restarts;
 * temp_store = MEMORY keeps sorts and temporary tables out of files. The closes sweep the WAL
 * (src/db/sweep.ts).
 */
export function openSqlite(path: string): SqliteHandle {
  if (path !== ':memory:') prepareDataDirectory(dirname(resolve(path)));
  const sqlite = new Database(path);
  if (path !== ':memory:') ownerOnly(resolve(path));
  sqlite.pragma('secure_delete = ON');
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('journal_size_limit = 0');
  sqlite.pragma('temp_store = MEMORY');
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  const db = drizzle(sqlite, { schema });
  migrate(db, { migrationsFolder: MIGRATIONS_DIR });
  // A crash leaves the -wal with its history of commits: start from an empty one.
  forgetWriteOrder(db as unknown as Db);
  return { db: db as unknown as Db, sqlite, close: () => sqlite.close() };
}

/**
 * Creates the data directory 0700, or narrows an existing one we own to 0700. A directory
 * shared with others (sticky, like /tmp) or owned by someone else is left alone: the files
 * themselves are still 0600.
 */
function prepareDataDirectory(dir: string): void {
  if (!existsSync(dir)) {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    chmodSync(dir, 0o700);
    return;
  }
  const st = statSync(dir);
  const sticky = (st.mode & 0o1000) !== 0;
  const ours = typeof process.getuid !== 'function' || st.uid === process.getuid();
  if (ours && !sticky && (st.mode & 0o077) !== 0) chmodSync(dir, 0o700);
}

/** The database and any side file left from an earlier run: readable by the owner only. */
function ownerOnly(file: string): void {
  for (const f of [file, ...SIDE_FILES.map((s) => file + s)]) {
    if (existsSync(f)) chmodSync(f, 0o600);
  }
}
