import { and, desc, eq } from 'drizzle-orm';
import { bytesToHex, hexToBytes } from '../../crypto/bytes';
import { formatCheckpoint } from '../../crypto/checkpoint';
import { rootFromLeafHashes } from '../../crypto/merkle';
import { signNote } from '../../crypto/signed-note';
import type { Db } from '../db/client';
import { checkpoints } from '../db/schema';
import type { AppDeps } from '../deps';
import { readLog } from './log';
import { checkpointKeys } from './signer';

export interface StoredCheckpoint {
  size: number;
  rootHash: string;
  note: string;
}

/**
 * Signs a C2SP tlog-checkpoint of the meeting's log as it stands (origin = config.logOrigin,
 * signed by the service key named after it) and stores it; one checkpoint per size, so signing
 * again at the same size returns the stored one.
 */
export async function signCheckpoint(deps: Pick<AppDeps, 'db' | 'config' | 'now'>, meetingId: string): Promise<StoredCheckpoint> {
  const log = await readLog(deps.db, meetingId);
  const root = rootFromLeafHashes(log.map((e) => hexToBytes(e.leafHash, 32)));
  const body = formatCheckpoint({ origin: deps.config.logOrigin, size: log.length, rootHash: root });
  const note = signNote(body, checkpointKeys(deps.config).signerKey);
  const row = { meetingId, size: log.length, rootHash: bytesToHex(root), note, createdAt: deps.now().getTime() };
  await deps.db.insert(checkpoints).values(row).onConflictDoNothing();
  const stored = await deps.db
    .select()
    .from(checkpoints)
    .where(and(eq(checkpoints.meetingId, meetingId), eq(checkpoints.size, log.length)));
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
