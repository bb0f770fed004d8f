import { bytesToHex, hexToBytes } from '../../../crypto/bytes';
import { consistencyProof } from '../../../crypto/merkle';
import type { Db } from '../../db/client';
import { AppError } from '../../errors';
import { loadCheckpoints, loadEntries, loadMeetingRow } from './load';

export interface ConsistencyAnswer {
  meeting: string;
  from: { size: number; note: string };
  to: { size: number; note: string };
  /** hex node hashes, RFC 9162 §2.1.4 */
  proof: string[];
}

/** RFC 9162 §2.1.4 consistency proof between two of the meeting's signed checkpoints. */
export async function checkpointConsistency(db: Db, meetingId: string, from: number, to: number): Promise<ConsistencyAnswer> {
  await loadMeetingRow(db, meetingId);
  if (!(from > 0 && from <= to)) throw new AppError('bad_request', 'Need 0 < from ≤ to');
  const cps = await loadCheckpoints(db, meetingId);
  const a = cps.find((c) => c.size === from);
  const b = cps.find((c) => c.size === to);
  if (!a || !b) throw new AppError('not_found', 'from and to must be sizes of signed checkpoints of this meeting');
  const leaves = (await loadEntries(db, meetingId, to)).map((e) => hexToBytes(e.leafHash, 32));
  return {
    meeting: meetingId,
    from: { size: a.size, note: a.note },
    to: { size: b.size, note: b.note },
    proof: from === to ? [] : consistencyProof(leaves, from).map(bytesToHex),
  };
}
