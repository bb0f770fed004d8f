import type { BatchItem } from 'drizzle-orm/batch';
import type Database from 'better-sqlite3';
import type { Db } from './client';

export type WriteQuery = BatchItem<'sqlite'>;

/**
 * The one way to write several rows that must land together. D1 has no interactive
 * transactions, so a multi-row write is one D1 batch (atomic on D1) or one better-sqlite3
 * transaction: all rows or none. Conditions belong in the statements themselves (UNIQUE keys,
 * `WHERE ... RETURNING`), never in a read before the write.
 *
 * Returns each statement's result: rows for statements with RETURNING, run info otherwise.
 */
export async function writeAtomically(db: Db, queries: readonly WriteQuery[]): Promise<unknown[]> {
  if (queries.length === 0) return [];
  const d1 = db as unknown as { batch?: (q: readonly WriteQuery[]) => Promise<unknown[]> };
  if (typeof d1.batch === 'function') return d1.batch(queries);
  const client = (db as unknown as { $client: Database.Database }).$client;
  const runAll = client.transaction(() =>
    queries.map((q) => {
      const sync = q as unknown as { all(): unknown; run(): unknown; config?: { returning?: unknown } };
      return sync.config?.returning ? sync.all() : sync.run();
    }),
  );
  // IMMEDIATE takes the write lock up front so two writers cannot deadlock on upgrade.
  return runAll.immediate();
}
