/**
 * Backups of the embedded database while the service keeps running, and restores. Whether a
 * restored file's records still verify is asked by `domain/record/verify-stored.ts`; storage
 * knows nothing of records.
 *
 * A backup is `VACUUM INTO` (https://sqlite.org/lang_vacuum.html#vacuuminto) from its own
 * connection: one read transaction, so it is a consistent snapshot, and in WAL mode it does not
 * block the service's writers. Unlike a page-by-page copy it rebuilds every table in key order
 * and leaves no free page, so a backup keeps no trace of the order in which rows were written
 * (THREAT_MODEL.md, "A copied data directory"): the sealed ballots of a vote still open are in
 * row-key order, tokens in person order, nothing deleted survives. The copy is created 0600
 * before a byte is written, checked, and renamed into place, so a destination path never
 * holds half a backup.
 */
import { chmodSync, closeSync, existsSync, fsyncSync, openSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import Database from 'better-sqlite3';
import type { Db } from './client';

export class BackupError extends Error {
  override readonly name = 'BackupError';
}

export interface BackupReport {
  path: string;
  bytes: number;
  pages: number;
}

/** Tables a sealvote database always has; a file without them is not one. */
const REQUIRED_TABLES = ['meetings', 'log_entries', 'checkpoints', 'ballots', 'tokens'];

/**
 * Problems of a database file: `PRAGMA integrity_check` lines other than "ok", and missing
 * sealvote tables. An empty list means the file is sound.
 */
export function checkDatabaseFile(path: string): string[] {
  if (!existsSync(path)) return [`${path} does not exist`];
  let db: Database.Database | undefined;
  try {
    db = new Database(path, { readonly: true, fileMustExist: true });
    const problems = (db.pragma('integrity_check') as Array<{ integrity_check: string }>).map((r) => r.integrity_check).filter((l) => l !== 'ok');
    const tables = new Set((db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as Array<{ name: string }>).map((r) => r.name));
    for (const t of REQUIRED_TABLES) if (!tables.has(t)) problems.push(`not a sealvote database: no table ${t}`);
    return problems;
  } catch (err) {
    return [`cannot read ${path}: ${(err as Error).message}`];
  } finally {
    db?.close();
  }
}

function fsyncFile(path: string): void {
  const fd = openSync(path, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/**
 * Copies the database open in `source` to `destination` (which must not exist yet), checks the
 * copy, and makes it readable by its owner only: it holds slip-code HMACs and session hashes.
 */
export async function backupDatabase(source: Database.Database, destination: string): Promise<BackupReport> {
  const path = resolve(destination);
  if (existsSync(path)) throw new BackupError(`${path} exists; a backup never overwrites a file`);
  const partial = `${path}.partial`;
  rmSync(partial, { force: true });
  try {
    // Created empty and owner-only first: VACUUM INTO writes into an empty file it finds.
    writeFileSync(partial, new Uint8Array(0), { mode: 0o600, flag: 'wx' });
    chmodSync(partial, 0o600);
    source.prepare('VACUUM INTO ?').run(partial);
    const copy = new Database(partial);
    let pages: number;
    try {
      // A backup is a single self-contained file, readable without a -wal beside it.
      copy.pragma('journal_mode = DELETE');
      pages = copy.pragma('page_count', { simple: true }) as number;
    } finally {
      copy.close();
    }
    const problems = checkDatabaseFile(partial);
    if (problems.length > 0) throw new BackupError(`the copy failed its check: ${problems.join('; ')}`);
    chmodSync(partial, 0o600);
    fsyncFile(partial);
    renameSync(partial, path);
    return { path, bytes: statSync(path).size, pages };
  } finally {
    rmSync(partial, { force: true });
  }
}

/**
 * Puts a checked backup in place as the database at `destination`. Stop the service first: a
 * running server keeps the old file open. Refuses to replace an existing database unless
 * `force`, and then removes the old file's -wal and -shm, which belong to the old file only.
 */
export async function restoreDatabase(backup: string, destination: string, opts: { force?: boolean } = {}): Promise<void> {
  const problems = checkDatabaseFile(backup);
  if (problems.length > 0) throw new BackupError(`${backup} is not a usable backup: ${problems.join('; ')}`);
  const path = resolve(destination);
  if (existsSync(path) && !opts.force) throw new BackupError(`${path} exists; pass --force to replace it`);
  const partial = `${path}.restoring`;
  rmSync(partial, { force: true });
  writeFileSync(partial, new Uint8Array(0), { mode: 0o600, flag: 'wx' });
  const source = new Database(backup, { readonly: true, fileMustExist: true });
  try {
    await source.backup(partial, { progress: () => 0x7fffffff });
  } finally {
    source.close();
  }
  chmodSync(partial, 0o600);
  fsyncFile(partial);
  for (const suffix of ['-wal', '-shm', '-journal']) rmSync(path + suffix, { force: true });
  renameSync(partial, path);
}
