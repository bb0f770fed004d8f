import { and, desc, eq } from 'drizzle-orm';
import { bytesToHex, hexToBytes } from '../../crypto/bytes';
import { formatCheckpoint } from '../../crypto/checkpoint';
import { rootFromLeafHashes } from '../../crypto/merkle';
import { signNote } from '../../crypto/signed-note';
import type { Db } from '../db/client';
import { checkpoints } from '../db/schema';
import type { AppDeps } from '../deps';
import { checkpointSizes } from '../verifier/checkpoint-points';
import { readLog } from './log';
import { checkpointKeys } from './signer';

export interface StoredCheckpoint {
  size: number;
  rootHash: string;
  note: string;
}

/**
 * Signs the C2SP tlog-checkpoints the record format requires (src/verifier/checkpoint-points.ts:
 * after `meeting`, every opening write, every close write and `end`) that are not yet signed,
 * each over the log at its own size (origin = config.logOrigin, signed by the service key named
 * after it), and returns the one at `size` — or, without `size`, the latest required one. A
 * write whose checkpoint could not be signed (storage failed in between) is sealed by the next
 * call, so every required point gets its checkpoint. One checkpoint per size: signing again
 * returns the stored one.
 */
export async function signCheckpoint(deps: Pick<AppDeps, 'db' | 'config' | 'now'>, meetingId: string, size?: number): Promise<StoredCheckpoint> {
  const log = await readLog(deps.db, meetingId);
  const points = checkpointSizes(log.map((e) => e.type));
  const target = size ?? points[points.length - 1] ?? log.length;
  const signed = new Set(
    (await deps.db.select({ size: checkpoints.size }).from(checkpoints).where(eq(checkpoints.meetingId, meetingId))).map((c) => c.size),
  );
  const leaves = log.map((e) => hexToBytes(e.leafHash, 32));
  for (const at of new Set([...points, target])) {
    if (signed.has(at) || at > log.length) continue;
    const root = rootFromLeafHashes(leaves.slice(0, at));
    const body = formatCheckpoint({ origin: deps.config.logOrigin, size: at, rootHash: root });
    const note = signNote(body, checkpointKeys(deps.config).signerKey);
    await deps.db.insert(checkpoints).values({ meetingId, size: at, rootHash: bytesToHex(root), note, createdAt: deps.now().getTime() }).onConflictDoNothing();
  }
  const stored = await deps.db
    .select()
    .from(checkpoints)
    .where(and(eq(checkpoints.meetingId, meetingId), eq(checkpoints.size, target)));
  const c = stored[0]!;
  return { size: c.size, rootHash: c.rootHash, note: c.note };
}

export async function latestCheckpoint(db: Db, meetingId: string): Promise<StoredCheckpoint | null> {
  const rows = await db
    .select()
    .from(checkpoints)
    .where(eq(checkpoints.meetingId, meetingId))
    .orderBy(desc(checkpoints.size))
    .limit(1);
  const c = rows[0];
  return c ? { size: c.size, rootHash: c.rootHash, note: c.note } : null;
}
