/**
 * One ballot's inclusion (design.md: "After close the member can check it is in the published
 * log"). The receipt is the ballot's leaf hash; it is in the meeting's log when an RFC 9162
 * inclusion proof leads from it to the root of a checkpoint the service signed.
 */
import { bytesToHex, hexToBytes } from '../../crypto/bytes';
import { parseCheckpoint } from '../../crypto/checkpoint';
import { parseEntry } from '../../crypto/log-entry';
import { inclusionProof, leafHash, verifyInclusion } from '../../crypto/merkle';
import { parseNote, verifyNoteSignature } from '../../crypto/signed-note';
import { utf8 } from '../../crypto/bytes';
import { parseRecord } from './record';

export interface ReceiptProof {
  /** hex leaf hash: the receipt */
  leafHash: string;
  index: number;
  treeSize: number;
  /** hex node hashes, deepest first (RFC 9162 §2.1.3) */
  proof: string[];
  /** the signed checkpoint note of size treeSize */
  checkpoint: string;
}

export interface ReceiptReport {
  ok: boolean;
  receipt: string;
  detail: string;
  index?: number;
  checkpointSize?: number;
  /** hex root of the checkpoint the proof leads to */
  root?: string;
}

const RECEIPT = /^[0-9a-f]{64}$/;

/** True when `p` proves the leaf is in the log at a checkpoint signed by `serviceKey`. */
export function verifyReceiptProof(p: ReceiptProof, serviceKey: string): boolean {
  try {
    if (!RECEIPT.test(p.leafHash) || !Array.isArray(p.proof)) return false;
    if (!verifyNoteSignature(p.checkpoint, serviceKey)) return false;
    const cp = parseCheckpoint(parseNote(p.checkpoint).text);
    if (cp.size !== p.treeSize) return false;
    return verifyInclusion(hexToBytes(p.leafHash, 32), p.index, p.treeSize, p.proof.map((h) => hexToBytes(h, 32)), cp.rootHash);
  } catch {
    return false;
  }
}

/**
 * The full receipt a tablet's short code stands for: the tablet shows the first 10 hex digits
 * of the receipt as "xxxxx xxxxx" (kiosk/src/lib/vote.ts shortCode). Spaces and hyphens are
 * ignored; a prefix of 10 to 64 hex digits must match exactly one ballot entry of the record.
 */
export function resolveReceipt(input: unknown, code: string, minDigits = 10): { receipt: string } | { error: 'malformed' | 'none' } | { error: 'ambiguous'; matches: number } {
  const hex = code.replace(/[\s-]/g, '').toLowerCase();
  if (!/^[0-9a-f]{1,64}$/.test(hex) || hex.length < minDigits) return { error: 'malformed' };
  if (hex.length === 64) return { receipt: hex };
  const record = parseRecord(input);
  const matches = new Set<string>();
  for (const e of record.entries) {
    let leaf: string;
    try {
      if (parseEntry(utf8(e)).type !== 'ballot') continue;
      leaf = bytesToHex(leafHash(utf8(e)));
    } catch {
      continue;
    }
    if (leaf.startsWith(hex)) matches.add(leaf);
  }
  if (matches.size === 0) return { error: 'none' };
  if (matches.size > 1) return { error: 'ambiguous', matches: matches.size };
  return { receipt: [...matches][0]! };
}

/** Checks that `receipt` is a ballot in the record's log under its final signed checkpoint. */
export function verifyReceipt(input: unknown, receipt: string): ReceiptReport {
  const record = parseRecord(input);
  const r = receipt.trim().toLowerCase();
  const no = (detail: string): ReceiptReport => ({ ok: false, receipt: r, detail });
  if (!RECEIPT.test(r)) return no('a receipt is 64 hex digits (the ballot leaf hash)');
  const last = record.checkpoints[record.checkpoints.length - 1];
  if (!last) return no('the record has no checkpoint');
  let leaves: Uint8Array[];
  try {
    // Recomputed from the entries: a hash in the file is never trusted.
    leaves = record.entries.slice(0, last.size).map((e) => leafHash(utf8(e)));
  } catch (err) {
    return no(`an entry cannot be read: ${(err as Error).message}`);
  }
  const index = leaves.findIndex((h) => bytesToHex(h) === r);
  if (index < 0) return no('no entry under the final checkpoint has this leaf hash');
  try {
    if (parseEntry(utf8(record.entries[index]!)).type !== 'ballot') return no(`entry ${index} is not a ballot`);
  } catch (err) {
    return no(`entry ${index} is not a canonical entry: ${(err as Error).message}`);
  }
  if (leaves.length !== last.size) return no(`the final checkpoint signs size ${last.size} but the record has ${leaves.length} entries`);
  const proof: ReceiptProof = {
    leafHash: r,
    index,
    treeSize: last.size,
    proof: inclusionProof(leaves, index).map(bytesToHex),
    checkpoint: last.note,
  };
  if (!verifyReceiptProof(proof, record.serviceKey)) {
    return no("the final checkpoint is not signed by the service's key, or its root does not include the ballot");
  }
  const root = bytesToHex(parseCheckpoint(parseNote(last.note).text).rootHash);
  return { ok: true, receipt: r, index, checkpointSize: last.size, root, detail: `ballot at entry ${index} of ${last.size}` };
}
