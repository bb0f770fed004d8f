/**
 * The limit for casting: the same durable write the server makes for a ballot — one autocommit
 * INSERT of a sealed ballot row into the real `ballots` table (migrations applied, WAL,
 * synchronous=FULL, so each commit waits for its fsync) — with no HTTP, no JSON parsing and no
 * crypto. better-sqlite3 is synchronous, so this is also the most one process can commit.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqlite } from '../src/db/sqlite';
import { seedMeeting } from './lib/seed';
import { newSecrets } from './lib/server';

export interface InsertBaseline {
  inserts: number;
  latencies: number[];
  perSecond: number;
}

export async function benchSqliteInsert(n: number, ballotJsonLength: number): Promise<InsertBaseline> {
  const dir = mkdtempSync(join(tmpdir(), 'sealvote-bench-sqlite-'));
  try {
    const dbPath = join(dir, 'baseline.sqlite');
    const seeded = await seedMeeting(dbPath, newSecrets(), { members: 1, observers: 0, items: 1 });
    const handle = openSqlite(dbPath);
    try {
      // The ballot box's row (src/domain/live/ballot-box.ts, issue 16): a keyed row id and the
      // sealed ballot, base64(nonce 12 B || ciphertext || tag 16 B) of the ballot's text.
      const insert = handle.sqlite.prepare('INSERT INTO ballots (row_key, meeting_id, item_id, round, purpose, class, sealed) VALUES (?, ?, ?, 1, ?, ?, ?)');
      const filler = 'x'.repeat(Math.ceil((ballotJsonLength + 28) / 3) * 4);
      const latencies: number[] = [];
      const t0 = performance.now();
      for (let i = 0; i < n; i++) {
        const s = performance.now();
        insert.run(randomBytes(32).toString('hex'), seeded.meetingId, seeded.items[0]!.id, 'vote', 'A', filler);
        latencies.push(performance.now() - s);
      }
      return { inserts: n, latencies, perSecond: (n / (performance.now() - t0)) * 1000 };
    } finally {
      handle.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
