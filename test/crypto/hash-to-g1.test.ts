import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { bytesToHex, utf8 } from '../../crypto/bytes';
import { hashToG1, TOKEN_DST, tokenMessage } from '../../crypto/token';

interface Vector {
  msg: string;
  P: { x: string; y: string };
}
interface VectorFile {
  ciphersuite: string;
  dst: string;
  vectors: Vector[];
}

// The vectors live in the repo's sibling `shared/`; a missing file must fail, not skip.
const VECTOR_URL = new URL(
  '../../../shared/vectors/rfc9380/BLS12381G1_XMD_SHA-256_SSWU_RO_.json',
  import.meta.url,
);

function loadVectors(): VectorFile {
  let text: string;
  try {
    text = readFileSync(VECTOR_URL, 'utf8');
  } catch (e) {
    throw new Error(`RFC 9380 vectors missing at ${VECTOR_URL.pathname}: ${(e as Error).message}`);
  }
  return JSON.parse(text) as VectorFile;
}

describe('hashToG1 (RFC 9380 BLS12381G1_XMD:SHA-256_SSWU_RO_)', () => {
  const file = loadVectors();

  it('reads the suite the vectors are for', () => {
    expect(file.ciphersuite).toBe('BLS12381G1_XMD:SHA-256_SSWU_RO_');
    expect(file.vectors.length).toBeGreaterThan(0);
  });

  for (const v of file.vectors) {
    it(`reproduces P for msg=${JSON.stringify(v.msg)}`, () => {
      const { x, y } = hashToG1(utf8(v.msg), file.dst).toAffine();
      expect(x).toBe(BigInt(v.P.x));
      expect(y).toBe(BigInt(v.P.y));
    });
  }

  it('accepts the DST as bytes as well as a string', () => {
    const v = file.vectors[0]!;
    expect(hashToG1(utf8(v.msg), utf8(file.dst)).equals(hashToG1(utf8(v.msg), file.dst))).toBe(true);
  });

  it('uses the service DST by default, which separates it from the RFC test DST', () => {
    const msg = utf8('abc');
    expect(hashToG1(msg).equals(hashToG1(msg, TOKEN_DST))).toBe(true);
    expect(hashToG1(msg).equals(hashToG1(msg, file.dst))).toBe(false);
  });

  it('maps into the prime-order subgroup, never the identity', () => {
    const p = hashToG1(tokenMessage(new Uint8Array(32), new Uint8Array(32).fill(7)));
    expect(p.is0()).toBe(false);
    expect(p.isTorsionFree()).toBe(true);
    expect(p.toBytes(true)).toHaveLength(48);
  });

  it('refuses an empty DST and non-byte messages', () => {
    expect(() => hashToG1(utf8('abc'), '')).toThrow();
    expect(() => hashToG1('abc' as unknown as Uint8Array)).toThrow(TypeError);
  });

  it('token message is prefix || key id || ballot pk, and checks both lengths', () => {
    const keyId = new Uint8Array(32).fill(1);
    const ballotPk = new Uint8Array(32).fill(2);
    expect(bytesToHex(tokenMessage(keyId, ballotPk))).toBe(
      bytesToHex(utf8('sealvote/token/v1')) + '01'.repeat(32) + '02'.repeat(32),
    );
    expect(() => tokenMessage(keyId.subarray(1), ballotPk)).toThrow();
    expect(() => tokenMessage(keyId, new Uint8Array(33))).toThrow();
  });
});
