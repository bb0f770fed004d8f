/**
 * The checkpoint fingerprint (crypto/fingerprint.ts). Its scrypt is recomputed with Node's
 * crypto.scryptSync (OpenSSL's RFC 7914 implementation, not noble's), and the formatting by hand.
 */
import { scryptSync } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bytesToHex, hexToBytes } from '../../crypto/bytes';
import { checkpointFingerprint, checkpointFingerprintAsync, FINGERPRINT_PARAMS } from '../../crypto/fingerprint';

function reference(size: number, root: Uint8Array): string {
  const input = `sealvote/v1 checkpoint fingerprint\n${size}\n${bytesToHex(root)}\n`;
  const d = scryptSync(input, 'sealvote/v1 fingerprint', 5, { N: 2 ** 14, r: 8, p: 1 }).toString('hex').toUpperCase();
  return `${size} · ${d.slice(0, 5)}-${d.slice(5)}`;
}

describe('checkpointFingerprint', () => {
  const root = hexToBytes('3fa9c21d0e' + '00'.repeat(27), 32);

  it('is scrypt(N = 2^14, r = 8, p = 1) of the size and root, as OpenSSL computes it', () => {
    expect(FINGERPRINT_PARAMS).toEqual({ N: 16384, r: 8, p: 1, dkLen: 5 });
    expect(checkpointFingerprint(14, root)).toBe(reference(14, root));
    expect(checkpointFingerprint(14, root)).toMatch(/^14 · [0-9A-F]{5}-[0-9A-F]{5}$/);
  });

  it('changes with the size and with any bit of the root; the async form agrees', async () => {
    const base = checkpointFingerprint(14, root);
    expect(checkpointFingerprint(15, root)).not.toBe(base);
    const flipped = root.slice();
    flipped[31] = flipped[31]! ^ 1;
    expect(checkpointFingerprint(14, flipped)).not.toBe(base);
    expect(await checkpointFingerprintAsync(14, root)).toBe(base);
  });

  it('agrees with the reference on random checkpoints', () => {
    fc.assert(
      fc.property(fc.nat({ max: 100_000 }), fc.uint8Array({ minLength: 32, maxLength: 32 }), (size, r) => checkpointFingerprint(size, r) === reference(size, r)),
      { numRuns: 4 },
    );
  });

  it('refuses a root that is not 32 bytes and a size that is not a natural number', () => {
    expect(() => checkpointFingerprint(1, new Uint8Array(31))).toThrow();
    expect(() => checkpointFingerprint(-1, root)).toThrow();
    expect(() => checkpointFingerprint(1.5, root)).toThrow();
  });
});
