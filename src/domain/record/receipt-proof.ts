import { and, desc, eq, gt } from 'drizzle-orm';
import { bytesToHex, hexToBytes } from '../../../crypto/bytes';
import { inclusionProof } from '../../../crypto/merkle';
import type { Db } from '../../db/client';
import { checkpoints, logEntries } from '../../db/schema';
import { AppError } from '../../errors';
import type { ReceiptProof } from '../../verifier/receipt';
import { loadEntries } from './load';

/**
 * A member's receipt check (design.md): the RFC 9162 §2.1.3 inclusion proof of the ballot's
 * leaf against the latest signed checkpoint of its meeting. Needs no credential: the receipt
 * is a hash only its holder knows, and the proof reveals nothing the published log does not.
 */
export async function receiptProof(db: Db, receipt: string): Promise<ReceiptProof & { meeting: string }> {
  const leaf = receipt.toLowerCase();
  const [row] = await db
    .select({ meetingId: logEntries.meetingId, idx: logEntries.idx, type: logEntries.type })
    .from(logEntries)
    .where(eq(logEntries.leafHash, leaf))
    .limit(1);
  // Ballots enter the log at their vote's close; before that the receipt is not yet logged.
  if (!row || row.type !== 'ballot') throw new AppError('not_found', 'No ballot with this receipt is in a meeting log yet');
  const [cp] = await db
    .select()
    .from(checkpoints)
    .where(and(eq(checkpoints.meetingId, row.meetingId), gt(checkpoints.size, row.idx)))
    .orderBy(desc(checkpoints.size))
    .limit(1);
  // A close's checkpoint is signed right after its write: 409, not 404, so a tablet asks again
  // instead of warning its member that the ballot is missing (issue 16).
  if (!cp) throw new AppError('conflict', 'The ballot is logged but no checkpoint covers it yet; ask again shortly');
  const leaves = (await loadEntries(db, row.meetingId, cp.size)).map((e) => hexToBytes(e.leafHash, 32));
  return {
    meeting: row.meetingId,
    leafHash: leaf,
    index: row.idx,
    treeSize: cp.size,
    proof: inclusionProof(leaves, row.idx).map(bytesToHex),
    checkpoint: cp.note,
  };
}
