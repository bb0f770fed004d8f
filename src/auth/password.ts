import { scryptAsync } from '@noble/hashes/scrypt.js';
import { utf8ToBytes } from '@noble/hashes/utils.js';
import { equalBytesCt, fromBase64, toBase64 } from './tokens';

/**
 * Officer passwords: scrypt (RFC 7914), N = 2^15, r = 8, p = 1 (32 MiB a guess), 32-byte salt,
 * 32-byte output. Stored as `scrypt$15$8$1$<salt b64>$<hash b64>` so the cost can be raised
 * later without invalidating old hashes.
 */
export const PASSWORD_KDF = { logN: 15, r: 8, p: 1, saltBytes: 32, dkLen: 32 } as const;

export interface KdfCost {
  /** log2 of scrypt's N. Lower only in tests, and only by saying so. */
  logN: number;
}

const ENCODED = /^scrypt\$(\d{1,2})\$(\d{1,2})\$(\d{1,2})\$([A-Za-z0-9+/]+={0,2})\$([A-Za-z0-9+/]+={0,2})$/;

async function derive(password: string, salt: Uint8Array, logN: number, r: number, p: number, dkLen: number) {
  // NFC so the same password typed on two keyboards gives the same key.
  return scryptAsync(utf8ToBytes(password.normalize('NFC')), salt, { N: 2 ** logN, r, p, dkLen, maxmem: 2 ** 30 });
}

export async function hashPassword(password: string, cost: KdfCost = { logN: PASSWORD_KDF.logN }): Promise<string> {
  if (!Number.isInteger(cost.logN) || cost.logN < 1 || cost.logN > 20) throw new Error('scrypt logN must be an integer in 1..20');
  const salt = crypto.getRandomValues(new Uint8Array(PASSWORD_KDF.saltBytes));
  const { r, p, dkLen } = PASSWORD_KDF;
  const key = await derive(password, salt, cost.logN, r, p, dkLen);
  return `scrypt$${cost.logN}$${r}$${p}$${toBase64(salt)}$${toBase64(key)}`;
}

/** True only for the right password; a malformed stored hash is never a match. */
export async function verifyPassword(password: string, encoded: string): Promise<boolean> {
  const m = ENCODED.exec(encoded);
  if (!m) return false;
  const [logN, r, p] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (logN < 1 || logN > 20 || r < 1 || r > 16 || p < 1 || p > 4) return false;
  const expected = fromBase64(m[5]!);
  const key = await derive(password, fromBase64(m[4]!), logN, r, p, expected.length);
  return equalBytesCt(key, expected);
}

let dummy: Promise<string> | undefined;

/**
 * Spends the same work as a real check when the account does not exist, so response time does
 * not tell an attacker which usernames are real.
 */
export async function burnPasswordCheck(password: string): Promise<false> {
  dummy ??= hashPassword('sealvote-no-such-officer');
  await verifyPassword(password, await dummy);
  return false;
}
