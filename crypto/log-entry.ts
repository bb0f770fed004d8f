/**
 * Meeting-log entries (design.md, "The record").
 *
 *   entry       = utf8("sealvote/v1\n") || JCS(object)      (RFC 8785, no normalization: jcs.ts)
 *   leaf hash   = SHA-256(0x00 || entry)                    (RFC 9162 §2.1.1: merkle.ts)
 *
 * The object is a plain JSON object with a non-empty string `type` (meeting, key, issued, open,
 * ballot, close, tally, postpone, announce, reconsider...). Binary values inside it are
 * lowercase hex strings. `parseEntry` accepts only bytes that this module itself would produce:
 * the prefix, valid UTF-8, and JSON that re-canonicalizes to exactly the same text, so one
 * logical entry has exactly one byte form (and so one leaf hash).
 */
import { CryptoInputError, concatBytes, equalBytes, utf8 } from './bytes';
import { canonicalize } from './jcs';
import { leafHash } from './merkle';

export const ENTRY_PREFIX = 'sealvote/v1\n';
const PREFIX_BYTES = utf8(ENTRY_PREFIX);

export type LogEntryObject = { type: string } & Record<string, unknown>;

function assertEntryObject(obj: unknown): asserts obj is LogEntryObject {
  if (typeof obj !== 'object' || obj === null || Array.isArray(obj)) {
    throw new CryptoInputError('a log entry must be a JSON object');
  }
  const type = (obj as Record<string, unknown>).type;
  if (typeof type !== 'string' || type.length === 0) {
    throw new CryptoInputError('a log entry needs a non-empty string "type"');
  }
}

/** entry = utf8("sealvote/v1\n") || JCS(obj) */
export function entryBytes(obj: LogEntryObject): Uint8Array {
  assertEntryObject(obj);
  // "sealvote/v1\n" || JCS(obj)
  return concatBytes(PREFIX_BYTES, utf8(canonicalize(obj)));
}

const DECODER = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** The object of an entry; throws unless `bytes` is exactly the canonical form of it. */
export function parseEntry(bytes: Uint8Array): LogEntryObject {
  if (bytes.length < PREFIX_BYTES.length || !equalBytes(bytes.subarray(0, PREFIX_BYTES.length), PREFIX_BYTES)) {
    throw new CryptoInputError('log entry does not start with "sealvote/v1\\n"');
  }
  let text: string;
  let obj: unknown;
  try {
    text = DECODER.decode(bytes.subarray(PREFIX_BYTES.length));
    obj = JSON.parse(text);
  } catch {
    throw new CryptoInputError('log entry is not UTF-8 JSON');
  }
  assertEntryObject(obj);
  // One entry, one byte form: duplicate names, whitespace, other number spellings and
  // needless escapes all fail this comparison. Strings are compared as they are (no NFC).
  if (canonicalize(obj) !== text) throw new CryptoInputError('log entry is not in canonical form');
  return obj;
}

/** leaf hash = SHA-256(0x00 || entryBytes(obj)) */
export function entryLeafHash(obj: LogEntryObject): Uint8Array {
  return leafHash(entryBytes(obj));
}
