import { integer, sqliteTable } from 'drizzle-orm/sqlite-core';

/**
 * One row, rewritten by every sweep of the write-ahead log (src/db/sweep.ts): after the WAL is
 * truncated, this one small write restarts it, which clears the page-number history the -shm
 * file kept of the truncated frames. Its count says how many sweeps ran, nothing else.
 */
export const storageSweeps = sqliteTable('storage_sweeps', {
  id: integer('id').primaryKey(),
  sweeps: integer('sweeps').notNull(),
});
