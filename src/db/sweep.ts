/**
 * Forgetting the order of writes once a vote is closed (issue 16; THREAT_MODEL.md "A copied
 * data directory").
 *
 * In WAL mode every commit appends its pages to the -wal file, so the file is a history: token
 * issued to member X, a ballot row, member X signs out, in commit order. The -shm file's
 * wal-index keeps, for every frame, the number of the page it wrote (its `aPgno` array), and a
 * checkpoint does not clear it. While a vote is open that history shows only sealed rows
 * (src/domain/live/ballot-box.ts); once it closes and its ballots are in the log, the history
 * must go, or the service's secrets would link each logged ballot to its neighbours in time.
 *
 * A sweep, after a close has committed and its checkpoint is signed:
 *   1. `PRAGMA wal_checkpoint(TRUNCATE)`: every frame is copied into the database file (where
 *      the close's DELETEs, under secure_delete, have zeroed the vote's rows) and the -wal file
 *      is truncated to zero bytes;
 *   2. one small write (storage_sweeps): it restarts the WAL, and SQLite zeroes the wal-index's
 *      first hash block, with every page number of the old frames, when it appends frame 1;
 *   3. `wal_checkpoint(TRUNCATE)` again, so the -wal is empty once more.
 * After it the -wal is empty and the -shm holds the one page number of step 2. A wal-index
 * block past the first (a WAL generation of more than 4062 frames, which only a reader holding
 * the WAL open through a checkpoint can cause) is not cleared by step 2; see THREAT_MODEL.md.
 *
 * A checkpoint cannot finish while another connection reads an older snapshot (a `sealvote
 * backup` running); the sweep then tries again later instead of blocking the service.
 *
 * On D1 Cloudflare runs the storage engine and this is a no-op: see THREAT_MODEL.md for what
 * holds there.
 */
import type Database from 'better-sqlite3';
import type { Db } from './client';

export interface SweepResult {
  /** 'done': -wal empty, wal-index cleared; 'retrying': a reader held the WAL; 'not-applicable': D1 or in-memory. */
  status: 'done' | 'retrying' | 'not-applicable';
}

const RETRY_MS = [200, 1000, 5000, 15_000, 60_000];

function sqliteOf(db: Db): Database.Database | null {
  const client = (db as unknown as { $client?: unknown }).$client;
  if (!client || typeof (client as { pragma?: unknown }).pragma !== 'function') return null;
  const sqlite = client as Database.Database;
  return sqlite.memory || !sqlite.open ? null : sqlite;
}

/** One attempt; true when the -wal is empty and the wal-index was restarted. */
function sweepOnce(sqlite: Database.Database): boolean {
  // Never wait on another connection's reader here: the service's one connection is shared.
  const timeout = sqlite.pragma('busy_timeout', { simple: true }) as number;
  sqlite.pragma('busy_timeout = 0');
  try {
    const truncate = () => (sqlite.pragma('wal_checkpoint(TRUNCATE)') as Array<{ busy: number }>)[0]?.busy === 0;
    if (!truncate()) return false;
    sqlite.prepare('INSERT INTO storage_sweeps (id, sweeps) VALUES (1, 1) ON CONFLICT (id) DO UPDATE SET sweeps = sweeps + 1').run();
    return truncate();
  } catch (err) {
    // SQLITE_BUSY from the write in step 2: another writer holds the lock for a moment.
    if (/SQLITE_BUSY|SQLITE_LOCKED/.test(String((err as { code?: string }).code))) return false;
    throw err;
  } finally {
    sqlite.pragma(`busy_timeout = ${timeout}`);
  }
}

/**
 * Sweeps the WAL now, or schedules retries when a reader holds it. Never throws for a busy
 * database; a storage failure in the sweep is reported on stderr and retried (the close it
 * follows has committed and must still be answered).
 */
export function forgetWriteOrder(db: Db, onRetry: (message: string) => void = (m) => console.warn(`sealvote: ${m}`)): SweepResult {
  const sqlite = sqliteOf(db);
  if (!sqlite) return { status: 'not-applicable' };
  let done = false;
  try {
    done = sweepOnce(sqlite);
  } catch (err) {
    onRetry(`sweeping the write-ahead log failed (${(err as { code?: string }).code ?? (err as Error).message}); will retry`);
  }
  if (done) return { status: 'done' };
  let attempt = 0;
  const retry = () => {
    if (!sqlite.open) return;
    let ok = false;
    try {
      ok = sweepOnce(sqlite);
    } catch {
      ok = false;
    }
    if (ok) return;
    attempt += 1;
    if (attempt < RETRY_MS.length) {
      const timer = setTimeout(retry, RETRY_MS[attempt]);
      timer.unref();
    } else {
      onRetry('the write-ahead log could not be swept after a close: a reader kept it open. It is swept at the next close or restart.');
    }
  };
  const timer = setTimeout(retry, RETRY_MS[0]);
  timer.unref();
  return { status: 'retrying' };
}
