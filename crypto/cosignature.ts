/**
 * Cosignatures: C2SP tlog-cosignature, the Ed25519 "cosignature/v1" type (signature type 0x04).
 * The organization department and the discipline commission each add one to the final
 * checkpoint after running the verifier on their own machine (design.md).
 *
 *   key id          = SHA-256(name || "\n" || 0x04 || 32-byte public key)[:4]
 *   signed message  = "cosignature/v1\n" || "time " decimal(t) "\n" || checkpoint body
 *   signature line  = "— " name " " base64(key id (4) || u64be(t) (8) || Ed25519 sig (64))
 *
 * t is POSIX seconds, at most 2^63 - 1, decimal without leading zeros. The checkpoint body is
 * the whole note text including extension lines and the final newline, no signature lines.
 * Verification is sealvote's one Ed25519 rule (ed25519.ts).
 */
import { ed25519 } from '@noble/curves/ed25519.js';
import { verifyEd25519 } from './ed25519';
import { CryptoInputError, concatBytes, equalBytes, u64be, utf8 } from './bytes';
import { parseCheckpoint } from './checkpoint';
import {
  type KeyPairStrings,
  SIG_TYPE_COSIGNATURE_V1,
  formatSignatureLine,
  generateKey,
  parseNote,
  parseSignatureLine,
  parseSignerKey,
  parseVerifierKey,
  signaturesByKey,
} from './signed-note';

const MAX_TIMESTAMP = 2n ** 63n - 1n;

export interface Cosignature {
  name: string;
  keyId: Uint8Array;
  timestamp: bigint;
  signature: Uint8Array;
}

/** A new cosigner key (type 0x04), as signer and verifier key strings. */
export function generateCosignerKey(name: string): KeyPairStrings {
  return generateKey(name, SIG_TYPE_COSIGNATURE_V1);
}

function checkedTimestamp(t: number | bigint): bigint {
  if (typeof t === 'number' && !Number.isSafeInteger(t)) throw new CryptoInputError('timestamp must be an integer');
  const v = BigInt(t);
  if (v < 0n || v > MAX_TIMESTAMP) throw new CryptoInputError('timestamp must be in [0, 2^63 - 1]');
  return v;
}

/** "cosignature/v1\ntime <t>\n" || checkpoint body */
export function cosignedMessage(checkpointBody: string, timestamp: number | bigint): Uint8Array {
  parseCheckpoint(checkpointBody);
  const t = checkedTimestamp(timestamp);
  // "cosignature/v1\n" || "time " || decimal(t) || "\n" || body
  return utf8(`cosignature/v1\ntime ${t.toString()}\n${checkpointBody}`);
}

/** The cosignature line (without newline) of `cosignerKey` on the checkpoint at `timestamp`. */
export function cosign(checkpointBody: string, cosignerKey: string, timestamp: number | bigint): string {
  const key = parseSignerKey(cosignerKey);
  if (key.type !== SIG_TYPE_COSIGNATURE_V1) throw new CryptoInputError('cosign needs a type 0x04 (cosignature/v1) key');
  const t = checkedTimestamp(timestamp);
  const sig = ed25519.sign(cosignedMessage(checkpointBody, t), key.seed);
  // signature = u64be(t) || Ed25519 sig; the line adds the key id in front
  return formatSignatureLine({ name: key.name, keyId: key.keyId, signature: concatBytes(u64be(t), sig) });
}

/** Splits a cosignature line into name, key id, timestamp and signature; throws if malformed. */
export function parseCosignature(line: string): Cosignature {
  const s = parseSignatureLine(line);
  if (s.signature.length !== 8 + 64) throw new CryptoInputError('cosignature must be key id, 8-byte time and 64-byte signature');
  const timestamp = new DataView(s.signature.buffer, s.signature.byteOffset, 8).getBigUint64(0, false);
  if (timestamp > MAX_TIMESTAMP) throw new CryptoInputError('cosignature time exceeds 2^63 - 1');
  return { name: s.name, keyId: s.keyId, timestamp, signature: s.signature.slice(8) };
}

/** True when `line` is a valid cosignature by `verifierKey` (type 0x04) on the checkpoint body. */
export function verifyCosignature(checkpointBody: string, line: string, verifierKey: string): boolean {
  try {
    const key = parseVerifierKey(verifierKey);
    if (key.type !== SIG_TYPE_COSIGNATURE_V1) return false;
    const c = parseCosignature(line);
    if (c.name !== key.name || !equalBytes(c.keyId, key.keyId)) return false;
    return verifyEd25519(c.signature, cosignedMessage(checkpointBody, c.timestamp), key.publicKey);
  } catch {
    return false;
  }
}

/**
 * True when a signed checkpoint note carries at least one cosignature line of `verifierKey` and
 * every such line verifies (signed-note: lines of unknown keys are ignored).
 */
export function verifyNoteCosignature(note: string, verifierKey: string): boolean {
  try {
    const key = parseVerifierKey(verifierKey);
    const parsed = parseNote(note);
    const mine = signaturesByKey(parsed, key);
    return mine.length > 0 && mine.every((s) => verifyCosignature(parsed.text, formatSignatureLine(s), verifierKey));
  } catch {
    return false;
  }
}
