import { afterEach } from 'vitest';
import { openSqlite, type SqliteHandle } from '../../src/db/sqlite';
import { describeDbContract } from './contract';

const open: SqliteHandle[] = [];
afterEach(() => {
  for (const handle of open.splice(0)) handle.close();
});

// The embedded default: a fresh in-memory database per test, migrated as `npm start` migrates.
describeDbContract('better-sqlite3', () => {
  const handle = openSqlite(':memory:');
  open.push(handle);
  return handle.db;
});
