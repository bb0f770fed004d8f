/**
 * `sealvote backup <file> [--db <path>]` — a consistent copy of the service's database while
 * the service keeps running (SQLite online backup; src/db/backup.ts). The copy is checked with
 * `PRAGMA integrity_check`, is readable by its owner only, and never overwrites a file.
 * Exit codes: 0 written, 1 the copy failed, 2 usage or an unreadable database.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import Database from 'better-sqlite3';
import { BackupError, backupDatabase } from '../../db/backup';
import { databasePath } from '../database';
import { parseFlags, UsageError, type CliIo } from '../io';

export const BACKUP_USAGE = 'usage: sealvote backup <file> [--db <database, default $SEALVOTE_DB or data/sealvote.sqlite>]\n';

export async function backupCommand(args: string[], io: CliIo): Promise<number> {
  if (args.includes('--help')) {
    io.stdout.write(BACKUP_USAGE);
    return 0;
  }
  const file = args[0];
  if (!file || file.startsWith('--')) throw new UsageError(`name the backup file\n${BACKUP_USAGE}`);
  const { values } = parseFlags(args.slice(1), ['db'], []);
  const source = values.db ? resolve(values.db) : databasePath(io.env);
  if (!existsSync(source)) {
    io.stderr.write(`sealvote backup: no database at ${source}\n`);
    return 2;
  }
  const db = new Database(source, { fileMustExist: true });
  try {
    // Wait for the service's write lock rather than failing while a vote is being closed.
    db.pragma('busy_timeout = 10000');
    const report = await backupDatabase(db, file);
    io.stdout.write(`sealvote backup: ${report.pages} pages (${report.bytes} bytes) from ${source} to ${report.path}; integrity ok\n`);
    return 0;
  } catch (err) {
    if (!(err instanceof BackupError) && !/SQLITE_/.test(String((err as { code?: string }).code))) throw err;
    io.stderr.write(`sealvote backup: ${(err as Error).message}\n`);
    return 1;
  } finally {
    db.close();
  }
}

export const backupEntry = {
  summary: 'copy the running service\'s database to a new file (online, checked, mode 0600)',
  run: backupCommand,
};
