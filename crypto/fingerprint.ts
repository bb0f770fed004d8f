/**
 * The checkpoint fingerprint: a short string the projector and every tablet show for the log's
 * current signed checkpoint, so the room sees that everyone is shown the same log (issue 16;
 * docs/tablet-checks.md).
 *
 *   input       = utf8("sealvote/v1 checkpoint fingerprint\n" || decimal(size) || "\n" || hex(root) || "\n")
 *   d           = scrypt(P = input, S = utf8("sealvote/v1 fingerprint"), N = 2^14, r = 8, p = 1, dkLen = 5)   (RFC 7914)
 *   fingerprint = decimal(size) " · " HEX(d[0:2.5]) "-" HEX(d[2.5:5])      10 uppercase hex digits, 5 + 5
 *
 * e.g. "14 · 7F3A2-C91E0". Forty bits a person can compare at a glance; scrypt makes each guess
 * cost what a tablet spends once (tens to hundreds of milliseconds), so a server that wants two
 * different logs with one fingerprint must find a collision among about 2^20 slow hashes for
 * every split it shows, instead of a second's work with SHA-256. It is a check for people in
 * the room, not a substitute for the consistency proofs each tablet verifies itself.
 */
import { scrypt, scryptAsync } from '@noble/hashes/scrypt.js';
import { assertBytes, bytesToHex, utf8 } from './bytes';

export const FINGERPRINT_PARAMS = { N: 2 ** 14, r: 8, p: 1, dkLen: 5 } as const;
const SALT = utf8('sealvote/v1 fingerprint');

function input(size: number, rootHash: Uint8Array): Uint8Array {
  if (!Number.isSafeInteger(size) || size < 0) throw new RangeError('size must be a non-negative integer');
  assertBytes(rootHash, 'rootHash', 32);
  // "sealvote/v1 checkpoint fingerprint\n" || decimal(size) || "\n" || hex(root) || "\n"
  return utf8(`sealvote/v1 checkpoint fingerprint\n${size}\n${bytesToHex(rootHash)}\n`);
}

function format(size: number, d: Uint8Array): string {
  const hex = bytesToHex(d).toUpperCase();
  return `${size} · ${hex.slice(0, 5)}-${hex.slice(5, 10)}`;
}

export function checkpointFingerprint(size: number, rootHash: Uint8Array): string {
  return format(size, scrypt(input(size, rootHash), SALT, FINGERPRINT_PARAMS));
}

/** The same, yielding to the event loop while it works (pages stay responsive). */
export async function checkpointFingerprintAsync(size: number, rootHash: Uint8Array): Promise<string> {
  return format(size, await scryptAsync(input(size, rootHash), SALT, { ...FINGERPRINT_PARAMS, asyncTick: 10 }));
}
