/**
 * The log itself: entry bytes, their objects and leaf hashes, all recomputed from the entry
 * text in the record (a hash in the file is never trusted).
 */
import { bytesToHex, utf8 } from '../../crypto/bytes';
import { parseEntry, type LogEntryObject } from '../../crypto/log-entry';
import { leafHash } from '../../crypto/merkle';
import { CheckFailure, type CheckBook } from './checks';
import { readAsCurrentForm } from './first-form';
import { checkShape, isFirstForm } from './shapes';

/** Every entry type the live vote writes (docs/record-spec.md). */
export const ENTRY_TYPES = [
  'meeting',
  'key',
  'open',
  'issued',
  'ballot',
  'close',
  'tally',
  'discussion',
  'postpone',
  'announce',
  'reconsider',
  'coissued',
  'end',
] as const;
export type EntryType = (typeof ENTRY_TYPES)[number];

export interface DecodedLog {
  /** The entries read as the current form (docs/record-spec.md §6.1). */
  objects: LogEntryObject[];
  /** The record is in the first form of sealvote-record/v1 (§6.1: sealed before committee policies). */
  firstForm: boolean;
  leafHashes: Uint8Array[];
  leafHex: string[];
}

/** entry-format and leaf-hashes; returns null when the entries cannot be read. */
export function decodeLog(entries: readonly string[], book: CheckBook): DecodedLog | null {
  let objects: LogEntryObject[] = [];
  const leafHashes: Uint8Array[] = [];
  let readable = true;
  let firstForm = false;
  book.run('entry-format', () => {
    entries.forEach((text, i) => {
      let obj: LogEntryObject;
      let bytes: Uint8Array;
      try {
        bytes = utf8(text);
        // parseEntry accepts only the one canonical byte form, so one entry has one leaf hash.
        obj = parseEntry(bytes);
      } catch (e) {
        readable = false;
        throw new CheckFailure('entry-format', (e as Error).message, i);
      }
      if (!(ENTRY_TYPES as readonly string[]).includes(obj.type)) {
        readable = false;
        throw new CheckFailure('entry-format', `unknown entry type "${obj.type}"`, i);
      }
      // Entry 0 is the meeting entry; its committee tells the record's form (§6.1).
      if (i === 0) firstForm = isFirstForm(obj);
      try {
        // Exactly the members the spec lists for the type (in the record's form), each of its JSON type.
        checkShape(obj, i, firstForm);
      } catch (e) {
        readable = false;
        throw e;
      }
      objects.push(obj);
      // RFC 9162 §2.1.1: SHA-256(0x00 || entry)
      leafHashes.push(leafHash(bytes));
    });
    objects = readAsCurrentForm(objects, firstForm);
    return firstForm ? `${entries.length} entries, in the first form of sealvote-record/v1 (sealed before committee policies; read as docs/record-spec.md §6.1 says)` : `${entries.length} entries`;
  });
  if (!readable) {
    book.skip('leaf-hashes', 'entries unreadable');
    return null;
  }
  const leafHex = leafHashes.map(bytesToHex);
  book.run('leaf-hashes', () => {
    const seen = new Map<string, number>();
    leafHex.forEach((h, i) => {
      const first = seen.get(h);
      if (first !== undefined) throw new CheckFailure('leaf-hashes', `same entry as entry ${first} (leaf ${h})`, i);
      seen.set(h, i);
    });
    return `${leafHex.length} leaves`;
  });
  return { objects, firstForm, leafHashes, leafHex };
}
