/**
 * Signed notes: C2SP signed-note v1.0.0 (https://c2sp.org/signed-note), Ed25519 only.
 *
 *   note            = text || "\n" || signature line+      (text ends in "\n"; the blank line
 *                                                           separating them is the LAST one)
 *   signature line  = "— " || name || " " || base64(key id (4 B) || signature) || "\n"
 *   key id          = SHA-256(name || 0x0A || type || public key)[:4]
 *                     type 0x01: Ed25519 over the note text (this module)
 *                     type 0x04: timestamped cosignature (cosignature.ts)
 *   verifier key    = name "+" hex(key id) "+" base64(type || 32-byte public key)
 *   signer key      = "PRIVATE+KEY+" name "+" hex(key id) "+" base64(type || 32-byte seed)
 *                     (the golang.org/x/mod/sumdb/note encoding, which the spec does not fix)
 *
 * Names are non-empty and contain no Unicode space, no '+' and no control character. Notes are
 * well-formed Unicode with no control characters other than newline. base64 is RFC 4648 §4 with
 * padding, decoded canonically (padding bits must be zero) so each signature has one spelling.
 * Ed25519 verification is sealvote's one rule (ed25519.ts: canonical encodings, S < L, A and R
 * of prime order, [S]B = R + [k]A).
 */
import { ed25519 } from '@noble/curves/ed25519.js';
import { verifyEd25519 } from './ed25519';
import { sha256 } from '@noble/hashes/sha2.js';
import { CryptoInputError, assertBytes, bytesToHex, concatBytes, equalBytes, utf8 } from './bytes';

export const SIG_TYPE_ED25519 = 0x01;
export const SIG_TYPE_COSIGNATURE_V1 = 0x04;
// The spec asks verifiers to accept at least 16; a meeting's checkpoint carries three.
export const MAX_NOTE_SIGNATURES = 100;
const EM_DASH_PREFIX = '\u2014 ';

// ---- base64 (RFC 4648 §4) -----------------------------------------------------------------

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const B64_INDEX = new Map([...B64].map((c, i) => [c, i]));

export function base64Encode(bytes: Uint8Array): string {
  assertBytes(bytes, 'bytes');
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const n = (bytes[i]! << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    out += B64[(n >> 18) & 63]! + B64[(n >> 12) & 63]!;
    out += i + 1 < bytes.length ? B64[(n >> 6) & 63]! : '=';
    out += i + 2 < bytes.length ? B64[n & 63]! : '=';
  }
  return out;
}

/** Canonical base64: padded, standard alphabet, unused bits zero; anything else throws. */
export function base64Decode(s: string): Uint8Array {
  if (typeof s !== 'string') throw new TypeError('base64 must be a string');
  if (s.length % 4 !== 0) throw new CryptoInputError('base64 length is not a multiple of 4');
  const pad = s.endsWith('==') ? 2 : s.endsWith('=') ? 1 : 0;
  const out = new Uint8Array((s.length / 4) * 3 - pad);
  let o = 0;
  for (let i = 0; i < s.length; i += 4) {
    let n = 0;
    for (let j = 0; j < 4; j++) {
      const c = s[i + j]!;
      const last = i + 4 === s.length;
      const v = c === '=' && last && j >= 4 - pad ? 0 : B64_INDEX.get(c);
      if (v === undefined) throw new CryptoInputError('invalid base64');
      n = (n << 6) | v;
    }
    const bytes = [(n >> 16) & 255, (n >> 8) & 255, n & 255];
    const keep = i + 4 === s.length ? 3 - pad : 3;
    // RFC 4648 §3.5: a canonical encoder leaves the bits below the last byte at zero.
    if (bytes.slice(keep).some((b) => b !== 0)) throw new CryptoInputError('non-canonical base64');
    for (let k = 0; k < keep; k++) out[o++] = bytes[k]!;
  }
  return out;
}

// ---- names, key ids, keys -----------------------------------------------------------------

const CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f]/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export function isValidKeyName(name: unknown): name is string {
  return (
    typeof name === 'string' &&
    name.length > 0 &&
    !/[\s+]/u.test(name) &&
    !CONTROL.test(name) &&
    !LONE_SURROGATE.test(name)
  );
}

function assertKeyName(name: string): void {
  if (!isValidKeyName(name)) throw new CryptoInputError('key name must be non-empty with no spaces, "+" or newlines');
}

/** key id = SHA-256(name || 0x0A || type || public key)[:4] */
export function computeKeyId(name: string, type: number, publicKey: Uint8Array): Uint8Array {
  assertKeyName(name);
  // SHA-256(name || "\n" || type || pk)[:4]
  return sha256(concatBytes(utf8(name), Uint8Array.of(0x0a, type), publicKey)).subarray(0, 4);
}

export interface VerifierKey {
  name: string;
  keyId: Uint8Array;
  type: number;
  publicKey: Uint8Array;
}
export interface SignerKey extends VerifierKey {
  seed: Uint8Array;
}
export interface KeyPairStrings {
  signerKey: string;
  verifierKey: string;
}

function checkType(type: number): void {
  if (type !== SIG_TYPE_ED25519 && type !== SIG_TYPE_COSIGNATURE_V1) {
    throw new CryptoInputError(`unsupported signature type 0x${type.toString(16).padStart(2, '0')}`);
  }
}

/** Parses `name+hexid+base64(type||pk)`; the key id must be the one computed from the key. */
export function parseVerifierKey(s: string): VerifierKey {
  if (typeof s !== 'string') throw new TypeError('verifier key must be a string');
  const parts = s.split('+');
  // base64 itself may contain '+', so the key material is everything after the second '+'.
  if (parts.length < 3) throw new CryptoInputError('verifier key must be name+id+key');
  const [name, idHex] = parts as [string, string];
  const material = base64Decode(parts.slice(2).join('+'));
  return checkedKey(name, idHex, material);
}

function checkedKey(name: string, idHex: string, material: Uint8Array): VerifierKey {
  assertKeyName(name);
  if (!/^[0-9a-f]{8}$/.test(idHex)) throw new CryptoInputError('key id must be 8 lowercase hex digits');
  if (material.length !== 33) throw new CryptoInputError('key material must be type || 32 bytes');
  const type = material[0]!;
  checkType(type);
  const publicKey = material.slice(1);
  const keyId = computeKeyId(name, type, publicKey);
  if (bytesToHex(keyId) !== idHex) throw new CryptoInputError('key id does not match the key');
  return { name, keyId, type, publicKey };
}

/** Parses `PRIVATE+KEY+name+hexid+base64(type||seed)`; the key id must match the public key. */
export function parseSignerKey(s: string): SignerKey {
  if (typeof s !== 'string') throw new TypeError('signer key must be a string');
  const parts = s.split('+');
  if (parts.length < 5 || parts[0] !== 'PRIVATE' || parts[1] !== 'KEY') {
    throw new CryptoInputError('signer key must be PRIVATE+KEY+name+id+key');
  }
  const material = base64Decode(parts.slice(4).join('+'));
  if (material.length !== 33) throw new CryptoInputError('signer key material must be type || 32-byte seed');
  const seed = material.slice(1);
  const publicKey = ed25519.getPublicKey(seed);
  const vkey = checkedKey(parts[2]!, parts[3]!, concatBytes(material.subarray(0, 1), publicKey));
  return { ...vkey, seed };
}

/**
 * A key's fingerprint for people to compare (read aloud, on paper): the first 16 bytes of
 * SHA-256(utf8(verifier key)) as lowercase hex in groups of four.
 *   fingerprint = hex(SHA-256(utf8(verifierKey))[:16]), grouped "xxxx xxxx … xxxx"
 */
export function keyFingerprint(verifierKey: string): string {
  const hex = bytesToHex(sha256(utf8(verifierKey)).subarray(0, 16));
  return hex.match(/.{4}/g)!.join(' ');
}

export function formatVerifierKey(k: Pick<VerifierKey, 'name' | 'type' | 'publicKey'>): string {
  const id = computeKeyId(k.name, k.type, k.publicKey);
  return `${k.name}+${bytesToHex(id)}+${base64Encode(concatBytes(Uint8Array.of(k.type), k.publicKey))}`;
}

/** A new key of the given signature type, as signer and verifier key strings. */
export function generateKey(name: string, type: number): KeyPairStrings {
  assertKeyName(name);
  checkType(type);
  const seed = ed25519.utils.randomSecretKey();
  const publicKey = ed25519.getPublicKey(seed);
  const id = bytesToHex(computeKeyId(name, type, publicKey));
  return {
    signerKey: `PRIVATE+KEY+${name}+${id}+${base64Encode(concatBytes(Uint8Array.of(type), seed))}`,
    verifierKey: formatVerifierKey({ name, type, publicKey }),
  };
}

/** A new Ed25519 note-signing key (type 0x01), e.g. the log's checkpoint key. */
export function generateNoteKey(name: string): KeyPairStrings {
  return generateKey(name, SIG_TYPE_ED25519);
}

// ---- notes --------------------------------------------------------------------------------

export interface NoteSignature {
  name: string;
  keyId: Uint8Array;
  /** The signature bytes after the key id. */
  signature: Uint8Array;
}
export interface Note {
  text: string;
  signatures: NoteSignature[];
}

/** Throws unless `text` can be the text of a note. */
export function assertNoteText(text: string): void {
  if (typeof text !== 'string') throw new TypeError('note text must be a string');
  if (text.length === 0 || !text.endsWith('\n')) throw new CryptoInputError('note text must end in a newline');
  if (CONTROL.test(text)) throw new CryptoInputError('note text has a control character');
  if (LONE_SURROGATE.test(text)) throw new CryptoInputError('note text is not valid Unicode');
}

/** Parses one signature line (without its newline). */
export function parseSignatureLine(line: string): NoteSignature {
  if (typeof line !== 'string' || !line.startsWith(EM_DASH_PREFIX)) {
    throw new CryptoInputError('signature line must start with "— "');
  }
  const rest = line.slice(EM_DASH_PREFIX.length);
  const space = rest.indexOf(' ');
  if (space < 0) throw new CryptoInputError('signature line needs a name and a signature');
  const name = rest.slice(0, space);
  assertKeyName(name);
  const blob = base64Decode(rest.slice(space + 1));
  if (blob.length < 5) throw new CryptoInputError('signature must be key id (4 bytes) and at least one byte');
  return { name, keyId: blob.slice(0, 4), signature: blob.slice(4) };
}

export function formatSignatureLine(sig: NoteSignature): string {
  assertKeyName(sig.name);
  assertBytes(sig.keyId, 'keyId', 4);
  return `${EM_DASH_PREFIX}${sig.name} ${base64Encode(concatBytes(sig.keyId, sig.signature))}`;
}

/** Splits a signed note at its last blank line; throws on any malformed part. */
export function parseNote(note: string): Note {
  if (typeof note !== 'string') throw new TypeError('note must be a string');
  if (CONTROL.test(note) || LONE_SURROGATE.test(note)) throw new CryptoInputError('note has a control character or is not valid Unicode');
  const split = note.lastIndexOf('\n\n');
  if (split < 0) throw new CryptoInputError('note has no blank line before its signatures');
  const text = note.slice(0, split + 1);
  const block = note.slice(split + 2);
  assertNoteText(text);
  if (!block.endsWith('\n')) throw new CryptoInputError('note must end in a newline');
  const lines = block.slice(0, -1).split('\n');
  if (lines.length > MAX_NOTE_SIGNATURES) throw new CryptoInputError('too many signatures');
  return { text, signatures: lines.map(parseSignatureLine) };
}

export function formatNote(note: Note): string {
  assertNoteText(note.text);
  if (note.signatures.length === 0) throw new CryptoInputError('a signed note needs a signature');
  return `${note.text}\n${note.signatures.map((s) => `${formatSignatureLine(s)}\n`).join('')}`;
}

/** Appends signature lines (each without newline) to a signed note. */
export function addSignatureLines(note: string, ...lines: string[]): string {
  const parsed = parseNote(note);
  const added = lines.map(parseSignatureLine);
  return formatNote({ text: parsed.text, signatures: [...parsed.signatures, ...added] });
}

/** The Ed25519 (type 0x01) signature line for `text`, without its newline. */
export function noteSignatureLine(text: string, signerKey: string): string {
  assertNoteText(text);
  const key = parseSignerKey(signerKey);
  if (key.type !== SIG_TYPE_ED25519) throw new CryptoInputError('signNote needs a type 0x01 (Ed25519) key');
  // signature = Ed25519-Sign(seed, text)
  const signature = ed25519.sign(utf8(text), key.seed);
  return formatSignatureLine({ name: key.name, keyId: key.keyId, signature });
}

/** A signed note: `text`, a blank line, and the Ed25519 signature line of `signerKey`. */
export function signNote(text: string, signerKey: string): string {
  return `${text}\n${noteSignatureLine(text, signerKey)}\n`;
}

/** Lines of `note` that name the key (name and key id both match), per signed-note §Signatures. */
export function signaturesByKey(note: Note, key: VerifierKey): NoteSignature[] {
  return note.signatures.filter((s) => s.name === key.name && equalBytes(s.keyId, key.keyId));
}

/**
 * True when the note carries at least one signature line of this Ed25519 (0x01) key and every
 * such line verifies over the note text. Lines of other keys are ignored, as the spec requires.
 */
export function verifyNoteSignature(note: string | Note, verifierKey: string): boolean {
  try {
    const parsed = typeof note === 'string' ? parseNote(note) : note;
    assertNoteText(parsed.text);
    const key = parseVerifierKey(verifierKey);
    if (key.type !== SIG_TYPE_ED25519) return false;
    const mine = signaturesByKey(parsed, key);
    const message = utf8(parsed.text);
    return (
      mine.length > 0 &&
      mine.every((s) => s.signature.length === 64 && verifyEd25519(s.signature, message, key.publicKey))
    );
  } catch {
    return false;
  }
}

