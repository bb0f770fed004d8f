import { resolve } from 'node:path';
import { openSqlite, type SqliteHandle } from '../db/sqlite';

/** The same database the service opens (src/node.ts): $SEALVOTE_DB or ./data/sealvote.sqlite. */
export function databasePath(env: Record<string, string | undefined>): string {
  return resolve(env.SEALVOTE_DB ?? 'data/sealvote.sqlite');
}

export function openServiceDatabase(env: Record<string, string | undefined>): SqliteHandle {
  return openSqlite(databasePath(env));
}
