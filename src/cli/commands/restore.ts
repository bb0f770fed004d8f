/**
 * `sealvote restore <backup> [--db <path>] [--force]` — puts a backup in place as the service's
 * database (stop the service first), then runs the independent verifier over every meeting's
 * record in it and prints each tally hash, to compare with the hashes filed by the two
 * departments. Exit codes: 0 restored and every record verifies, 1 a record fails,
 * 2 usage, an unusable backup, or an existing database without --force.
 */
import { resolve } from 'node:path';
import { BackupError, restoreDatabase } from '../../db/backup';
import { verifyStoredRecords } from '../../domain/record/verify-stored';
import { openSqlite } from '../../db/sqlite';
import { databasePath } from '../database';
import { parseFlags, UsageError, type CliIo } from '../io';

export const RESTORE_USAGE = 'usage: sealvote restore <backup> [--db <database, default $SEALVOTE_DB or data/sealvote.sqlite>] [--force]\n';

export async function restoreCommand(args: string[], io: CliIo): Promise<number> {
  if (args.includes('--help')) {
    io.stdout.write(RESTORE_USAGE);
    return 0;
  }
  const backup = args[0];
  if (!backup || backup.startsWith('--')) throw new UsageError(`name the backup file\n${RESTORE_USAGE}`);
  const { values, set } = parseFlags(args.slice(1), ['db'], ['force']);
  const target = values.db ? resolve(values.db) : databasePath(io.env);
  try {
    await restoreDatabase(backup, target, { force: set.has('force') });
  } catch (err) {
    if (!(err instanceof BackupError)) throw err;
    io.stderr.write(`sealvote restore: ${err.message}\n`);
    return 2;
  }
  // Opening applies any newer migrations, exactly as the service will on its next start.
  const handle = openSqlite(target);
  try {
    const checks = await verifyStoredRecords(handle.db);
    for (const c of checks) {
      const state = c.ok ? 'verifies' : `FAILS (${c.firstFailure ?? 'unknown'})`;
      io.stdout.write(`${c.meeting}: ${c.entries} entries${c.ended ? ', ended' : ''}, tally hash ${c.tallyHash ?? '-'}: ${state}\n`);
    }
    const failed = checks.filter((c) => !c.ok).length;
    io.stdout.write(`sealvote restore: ${target} restored; ${checks.length - failed} of ${checks.length} meeting records verify\n`);
    return failed === 0 ? 0 : 1;
  } finally {
    handle.close();
  }
}

export const restoreEntry = {
  summary: 'put a backup in place (service stopped) and verify every meeting record in it',
  run: restoreCommand,
};
