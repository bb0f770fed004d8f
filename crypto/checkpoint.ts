/**
 * Checkpoints: C2SP tlog-checkpoint v1.0.0 (https://c2sp.org/tlog-checkpoint), the note text
 * the log signs after every close (design.md, "The record").
 *
 *   body = origin "\n" decimal(size) "\n" base64(root hash) "\n" (extension "\n")*
 *
 * origin: non-empty; we also require it to be a valid key name (no spaces, '+' or newlines),
 * since the log signs with a key of the same name. size: ASCII decimal, no leading zeros ("0"
 * for the empty tree). root: the RFC 9162 root at that size, 32 bytes, canonical base64.
 * Extension lines are non-empty and opaque. The signed note around the body is signed-note.ts;
 * cosignatures are cosignature.ts.
 */
import { CryptoInputError, assertBytes } from './bytes';
import { HASH_SIZE } from './merkle';
import { assertNoteText, base64Decode, base64Encode, isValidKeyName, parseNote, verifyNoteSignature } from './signed-note';

export interface Checkpoint {
  origin: string;
  size: number;
  rootHash: Uint8Array;
  extensions?: string[];
}

function assertFields(c: Checkpoint): void {
  if (!isValidKeyName(c.origin)) throw new CryptoInputError('checkpoint origin must be a name without spaces, "+" or newlines');
  if (!Number.isSafeInteger(c.size) || c.size < 0) throw new CryptoInputError('checkpoint size must be a non-negative integer');
  assertBytes(c.rootHash, 'rootHash', HASH_SIZE);
  for (const ext of c.extensions ?? []) {
    if (typeof ext !== 'string' || ext.length === 0 || ext.includes('\n')) {
      throw new CryptoInputError('checkpoint extension lines must be non-empty single lines');
    }
  }
}

/** origin \n size \n base64(root) \n (extension \n)* */
export function formatCheckpoint(c: Checkpoint): string {
  assertFields(c);
  const lines = [c.origin, String(c.size), base64Encode(c.rootHash), ...(c.extensions ?? [])];
  const body = lines.map((l) => `${l}\n`).join('');
  assertNoteText(body);
  return body;
}

/** Parses a checkpoint body (the note text, final newline included). */
export function parseCheckpoint(text: string): Checkpoint {
  assertNoteText(text);
  const lines = text.slice(0, -1).split('\n');
  if (lines.length < 3) throw new CryptoInputError('checkpoint needs origin, size and root lines');
  const [origin, sizeText, rootText, ...extensions] = lines as [string, string, string, ...string[]];
  // tlog-checkpoint: decimal, no leading zeros unless the tree is empty.
  if (!/^(0|[1-9][0-9]*)$/.test(sizeText)) throw new CryptoInputError('checkpoint size is not canonical decimal');
  const size = Number(sizeText);
  const rootHash = base64Decode(rootText);
  const c: Checkpoint = { origin, size, rootHash };
  if (extensions.length > 0) c.extensions = extensions;
  assertFields(c);
  return c;
}

/** The checkpoint of a signed note, only if the log's key signed it; throws otherwise. */
export function openCheckpoint(note: string, logVerifierKey: string): Checkpoint {
  if (!verifyNoteSignature(note, logVerifierKey)) throw new CryptoInputError('checkpoint is not signed by the log key');
  return parseCheckpoint(parseNote(note).text);
}
