/**
 * Checkpoints and cosignatures (C2SP tlog-checkpoint, signed-note, tlog-cosignature): every
 * checkpoint is the service's signature over (origin, size, root) of THIS log, and every
 * cosignature a department's signature over the final one.
 */
import { bytesToHex, equalBytes } from '../../crypto/bytes';
import { parseCheckpoint, type Checkpoint } from '../../crypto/checkpoint';
import { parseCosignature, verifyCosignature } from '../../crypto/cosignature';
import { rootFromLeafHashes } from '../../crypto/merkle';
import { SIG_TYPE_COSIGNATURE_V1, SIG_TYPE_ED25519, parseNote, parseVerifierKey, verifyNoteSignature } from '../../crypto/signed-note';
import { checkpointSizes } from './checkpoint-points';
import { CheckFailure, type CheckBook } from './checks';
import type { Department, MeetingRecord } from './record';

export interface SignedCheckpoint extends Checkpoint {
  /** The checkpoint body (note text) that cosignatures sign. */
  body: string;
}

export interface Cosigner {
  department: Department;
  /** The department's key name, e.g. sealvote-organization-example-county. */
  name: string;
  checkpointSize: number;
  /** Cosignature time, POSIX seconds. */
  time: number;
}

export interface TrustedKeys {
  /** When given, the record's serviceKey must be exactly this. */
  serviceKey?: string;
  /** When given, the record's key for the department must be exactly this. */
  departments?: Partial<Record<Department, string>>;
  /** When given, the meeting must be co-issued with exactly this co-issuer key (docs/coissuance.md). */
  coissuerKey?: string;
}

/** checkpoint-signature and checkpoint-root (with `types`, the entry types in log order: checkpoints exactly at the format's points); returns the checkpoints, last = final. */
export function checkCheckpoints(
  record: MeetingRecord,
  leafHashes: Uint8Array[] | null,
  types: readonly string[] | null,
  book: CheckBook,
  trusted: TrustedKeys = {},
): SignedCheckpoint[] {
  const signed: SignedCheckpoint[] = [];
  book.run('checkpoint-signature', () => {
    if (trusted.serviceKey !== undefined && trusted.serviceKey !== record.serviceKey) {
      throw new CheckFailure('checkpoint-signature', 'the record names another service key than the one trusted');
    }
    const key = parseVerifierKey(record.serviceKey);
    if (key.type !== SIG_TYPE_ED25519) throw new CheckFailure('checkpoint-signature', 'the service key is not an Ed25519 note key');
    // tlog-checkpoint: the log signs under a key named after its origin.
    if (key.name !== record.origin) throw new CheckFailure('checkpoint-signature', `service key is named ${key.name}, not the origin ${record.origin}`);
    if (record.checkpoints.length === 0) throw new CheckFailure('checkpoint-signature', 'the record has no checkpoint');
    record.checkpoints.forEach((c, i) => {
      if (!verifyNoteSignature(c.note, record.serviceKey)) {
        throw new CheckFailure('checkpoint-signature', `checkpoint ${i} (size ${c.size}) is not signed by the service key`);
      }
      const body = parseNote(c.note).text;
      const cp = parseCheckpoint(body);
      if (cp.origin !== record.origin) throw new CheckFailure('checkpoint-signature', `checkpoint ${i} has origin ${cp.origin}`);
      signed.push({ ...cp, body });
    });
    return `${signed.length} checkpoints signed by ${key.name}`;
  });
  if (book.failed('checkpoint-signature')) {
    book.skip('checkpoint-root', 'checkpoint signatures failed');
    return [];
  }
  if (!leafHashes) {
    book.skip('checkpoint-root', 'entries unreadable');
    return signed;
  }
  book.run('checkpoint-root', () => {
    let previous = -1;
    signed.forEach((cp, i) => {
      const listed = record.checkpoints[i]!.size;
      if (cp.size !== listed) throw new CheckFailure('checkpoint-root', `checkpoint ${i} is listed at size ${listed} but signs size ${cp.size}`);
      if (cp.size <= previous) throw new CheckFailure('checkpoint-root', `checkpoint ${i} (size ${cp.size}) does not grow the log`);
      previous = cp.size;
      if (cp.size > leafHashes.length) {
        throw new CheckFailure('checkpoint-root', `checkpoint ${i} signs size ${cp.size} but the log has ${leafHashes.length} entries`);
      }
      const root = rootFromLeafHashes(leafHashes.slice(0, cp.size));
      if (!equalBytes(root, cp.rootHash)) {
        throw new CheckFailure('checkpoint-root', `checkpoint ${i} (size ${cp.size}) root ${bytesToHex(cp.rootHash)} is not the log's ${bytesToHex(root)}`, cp.size - 1);
      }
    });
    const last = signed[signed.length - 1]!;
    if (last.size !== leafHashes.length) {
      throw new CheckFailure('checkpoint-root', `the last checkpoint covers ${last.size} of ${leafHashes.length} entries`, last.size);
    }
    // Checkpoints exactly where the format puts them: after meeting, every opening write,
    // every close write and end (checkpoint-points.ts); none missing, none elsewhere.
    if (types) {
      const required = checkpointSizes(types);
      const listed = new Set(signed.map((c) => c.size));
      const missing = required.find((n) => !listed.has(n));
      if (missing !== undefined) throw new CheckFailure('checkpoint-root', `no checkpoint right after the ${types[missing - 1]} entry (size ${missing})`, missing - 1);
      const extra = signed.find((c) => !required.includes(c.size));
      if (extra) throw new CheckFailure('checkpoint-root', `a checkpoint at size ${extra.size}, after a ${types[extra.size - 1] ?? 'missing'} entry, where the format puts none`, extra.size - 1);
    }
    return `${signed.length} checkpoints, final size ${last.size}`;
  });
  return signed;
}

/** cosignature: each line verifies under its department's registered key over the final checkpoint. */
export function checkCosignatures(
  record: MeetingRecord,
  finalCheckpoint: SignedCheckpoint | undefined,
  book: CheckBook,
  trusted: TrustedKeys = {},
): Cosigner[] {
  const cosigners: Cosigner[] = [];
  if (!finalCheckpoint) {
    book.skip('cosignature', 'no verified final checkpoint');
    return cosigners;
  }
  book.run('cosignature', () => {
    for (const d of record.departments) {
      const pinned = trusted.departments?.[d.department];
      if (pinned !== undefined && pinned !== d.verifierKey) {
        throw new CheckFailure('cosignature', `the record names another ${d.department} key than the one trusted`);
      }
      if (parseVerifierKey(d.verifierKey).type !== SIG_TYPE_COSIGNATURE_V1) {
        throw new CheckFailure('cosignature', `the ${d.department} key is not a cosignature/v1 key`);
      }
    }
    const seen = new Set<Department>();
    record.cosignatures.forEach((c, i) => {
      if (seen.has(c.department)) throw new CheckFailure('cosignature', `cosignature ${i}: ${c.department} cosigned twice`);
      seen.add(c.department);
      const key = record.departments.find((d) => d.department === c.department);
      if (!key) throw new CheckFailure('cosignature', `cosignature ${i}: no key for ${c.department} in the record`);
      if (c.checkpointSize !== finalCheckpoint.size) {
        throw new CheckFailure('cosignature', `cosignature ${i} (${c.department}) is over size ${c.checkpointSize}, not the final checkpoint (${finalCheckpoint.size})`);
      }
      if (!verifyCosignature(finalCheckpoint.body, c.line, key.verifierKey)) {
        throw new CheckFailure('cosignature', `cosignature ${i} (${c.department}) does not verify under the ${c.department} key`);
      }
      const parsed = parseCosignature(c.line);
      cosigners.push({ department: c.department, name: parsed.name, checkpointSize: c.checkpointSize, time: Number(parsed.timestamp) });
    });
    return cosigners.length === 0 ? 'no cosignatures yet' : `cosigned by ${cosigners.map((c) => c.department).join(' and ')}`;
  });
  return book.failed('cosignature') ? [] : cosigners;
}
