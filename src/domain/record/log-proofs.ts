/**
 * What a tablet needs to check the server's log for itself (issue 16; docs/tablet-checks.md):
 *
 * - the meeting's latest signed checkpoint, with an RFC 9162 §2.1.4 consistency proof from a
 *   size the tablet saw signed before (`from`), so it can tell an extension of what it saw from a
 *   rewrite or a fork;
 * - the `key` entries of an item's current vote with their §2.1.3 inclusion proofs against that
 *   checkpoint, so the tablet believes an issuer key only once it is in the signed log.
 *
 * All public, like the receipts: checkpoints are shown in the room, key entries are what
 * GET /api/items/:id/keys says already, and proofs are node hashes of the log.
 *
 * Leaf hashes are read once per meeting and kept (an entry never changes once written), and the
 * answers are kept by (meeting, size, question): at an opening every tablet of the room asks
 * the same question within a second.
 */
import { and, asc, eq, gte } from 'drizzle-orm';
import { bytesToHex, hexToBytes } from '../../../crypto/bytes';
import { consistencyProof, inclusionProof } from '../../../crypto/merkle';
import type { Db } from '../../db/client';
import { logEntries } from '../../db/schema';
import type { AppDeps } from '../../deps';
import { AppError } from '../../errors';
import { latestCheckpoint, type StoredCheckpoint } from '../../record/checkpoint';
import { checkpointKeys } from '../../record/signer';
import { meetingIssuance } from '../coissue/issuance';
import { currentVote, loadItem, loadMeeting } from '../live/load';

export interface SignedCheckpoint {
  size: number;
  note: string;
}

export interface ConsistencyFrom {
  from: number;
  /** hex node hashes, RFC 9162 §2.1.4; empty when from = size */
  proof: string[];
}

export interface CheckpointAnswer {
  meeting: string;
  /** The service's checkpoint verifier key (C2SP signed-note), which tablets pin at sign-in. */
  key: string;
  checkpoint: SignedCheckpoint | null;
  /** Present when `from` was asked and 1 ≤ from ≤ checkpoint.size. */
  consistency: ConsistencyFrom | null;
}

export interface KeyProofAnswer extends CheckpointAnswer {
  item: string;
  round: number;
  purpose: 'vote' | 'motion';
  /** The vote's `key` entries, each with its leaf index, the entry text and its inclusion proof; empty until a signed checkpoint covers them. */
  keys: Array<{ class: 'A' | 'B'; index: number; entry: string; proof: string[] }>;
  /** A co-issued meeting (docs/coissuance.md): the co-issuer key whose signature each co-issued key entry carries. */
  coissuer: { verifierKey: string } | null;
}

const MAX_MEETINGS = 32;
const MAX_ANSWERS = 512;
const leavesByDb = new WeakMap<Db, Map<string, Uint8Array[]>>();
const answersByDb = new WeakMap<Db, Map<string, string[]>>();

function bounded<V>(map: Map<string, V>, key: string, value: V, max: number): V {
  if (map.size >= max) map.delete(map.keys().next().value!);
  map.set(key, value);
  return value;
}

/** The first `size` leaf hashes of the meeting's log. */
async function leafHashes(db: Db, meetingId: string, size: number): Promise<Uint8Array[]> {
  let byMeeting = leavesByDb.get(db);
  if (!byMeeting) leavesByDb.set(db, (byMeeting = new Map()));
  let known = byMeeting.get(meetingId) ?? [];
  if (known.length < size) {
    const rows = await db
      .select({ idx: logEntries.idx, leafHash: logEntries.leafHash })
      .from(logEntries)
      .where(and(eq(logEntries.meetingId, meetingId), gte(logEntries.idx, known.length)))
      .orderBy(asc(logEntries.idx));
    const next = [...known];
    for (const r of rows) if (r.idx === next.length) next.push(hexToBytes(r.leafHash, 32));
    known = next;
    bounded(byMeeting, meetingId, known, MAX_MEETINGS);
  }
  if (known.length < size) throw new AppError('internal', `the log of ${meetingId} has ${known.length} entries, its checkpoint ${size}`);
  return known.slice(0, size);
}

async function remembered(db: Db, key: string, compute: () => Promise<string[]>): Promise<string[]> {
  let answers = answersByDb.get(db);
  if (!answers) answersByDb.set(db, (answers = new Map()));
  const hit = answers.get(key);
  if (hit) return hit;
  return bounded(answers, key, await compute(), MAX_ANSWERS);
}

async function consistencyFrom(db: Db, meetingId: string, from: number | undefined, cp: StoredCheckpoint | null): Promise<ConsistencyFrom | null> {
  if (from === undefined || !cp || from < 1 || from > cp.size) return null;
  if (from === cp.size) return { from, proof: [] };
  const proof = await remembered(db, `c:${meetingId}:${from}:${cp.size}`, async () => consistencyProof(await leafHashes(db, meetingId, cp.size), from).map(bytesToHex));
  return { from, proof };
}

/** GET /api/meetings/:id/checkpoint — the latest signed checkpoint, consistent from `from`. */
export async function checkpointFrom(deps: Pick<AppDeps, 'db' | 'config'>, meetingId: string, from?: number): Promise<CheckpointAnswer> {
  await loadMeeting(deps.db, meetingId);
  const cp = await latestCheckpoint(deps.db, meetingId);
  return {
    meeting: meetingId,
    key: checkpointKeys(deps.config).verifierKey,
    checkpoint: cp ? { size: cp.size, note: cp.note } : null,
    consistency: await consistencyFrom(deps.db, meetingId, from, cp),
  };
}

/** GET /api/items/:id/key-proof — the current vote's key entries, proven in the latest checkpoint. */
export async function keyProofs(deps: Pick<AppDeps, 'db' | 'config'>, itemId: string, from?: number): Promise<KeyProofAnswer> {
  const item = await loadItem(deps.db, itemId);
  const vote = await currentVote(deps.db, item);
  if (!vote) throw new AppError('vote_not_open', 'The item has no vote yet');
  const base = await checkpointFrom(deps, item.meetingId, from);
  const rows = await deps.db
    .select({ idx: logEntries.idx, entry: logEntries.entry })
    .from(logEntries)
    .where(and(eq(logEntries.meetingId, item.meetingId), eq(logEntries.type, 'key')))
    .orderBy(asc(logEntries.idx));
  const size = base.checkpoint?.size ?? 0;
  const keys: KeyProofAnswer['keys'] = [];
  for (const r of rows) {
    const e = JSON.parse(r.entry.slice(r.entry.indexOf('\n') + 1)) as { item?: string; round?: number; purpose?: string; class?: 'A' | 'B' };
    // A key entry names the item itself and the purpose (a motion's keys: purpose "motion").
    if (e.item !== item.id || e.round !== vote.round || (e.purpose ?? 'vote') !== vote.purpose || r.idx >= size) continue;
    const proof = await remembered(deps.db, `i:${item.meetingId}:${r.idx}:${size}`, async () => inclusionProof(await leafHashes(deps.db, item.meetingId, size), r.idx).map(bytesToHex));
    keys.push({ class: e.class!, index: r.idx, entry: r.entry, proof });
  }
  const issuance = await meetingIssuance(deps.db, item.meetingId);
  const coissuer = issuance.mode === 'coissued' ? { verifierKey: issuance.verifierKey } : null;
  return { ...base, item: item.id, round: vote.round, purpose: vote.purpose, keys, coissuer };
}

/** The consistency part alone, for the receipt route (GET /api/receipts/:leaf?from=). */
export async function receiptConsistency(db: Db, meetingId: string, from: number | undefined, size: number): Promise<ConsistencyFrom | null> {
  return consistencyFrom(db, meetingId, from, { size, rootHash: '', note: '' });
}
