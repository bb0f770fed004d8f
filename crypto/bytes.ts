/**
 * Byte helpers shared by every `crypto/` module.
 *
 * `crypto/` is pure functions over `Uint8Array` that must run unchanged in Node, browsers (the
 * tablet) and Cloudflare Workers, so nothing here touches `Buffer` or `node:*`.
 *
 * Encodings fixed here, used by every protocol message:
 * - hex: even length, digits 0-9 a-f A-F only; output always lowercase.
 * - u32be(n) = 4-byte big-endian unsigned, u64be(n) = 8-byte big-endian unsigned.
 * - utf8(s) = UTF-8 bytes of s; lone surrogates are refused rather than silently replaced, so
 *   two different strings can never encode to the same bytes.
 */

/** Thrown for input that is structurally wrong (bad encoding, wrong length, invalid point). */
export class CryptoInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CryptoInputError';
  }
}

const HEX_RE = /^(?:[0-9a-fA-F]{2})*$/;

/** Strict hex decode; `expectedLength` is in bytes. */
export function hexToBytes(hex: string, expectedLength?: number): Uint8Array {
  if (typeof hex !== 'string') throw new TypeError('hex must be a string');
  if (!HEX_RE.test(hex)) throw new CryptoInputError('invalid hex: need an even number of hex digits');
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  if (expectedLength !== undefined && out.length !== expectedLength) {
    throw new CryptoInputError(`expected ${expectedLength} bytes of hex, got ${out.length}`);
  }
  return out;
}

const HEX_DIGITS = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/** Lowercase hex encode. */
export function bytesToHex(bytes: Uint8Array): string {
  assertBytes(bytes, 'bytes');
  let s = '';
  for (const b of bytes) s += HEX_DIGITS[b];
  return s;
}

export function concatBytes(...parts: Uint8Array[]): Uint8Array {
  let len = 0;
  for (const p of parts) {
    assertBytes(p, 'part');
    len += p.length;
  }
  const out = new Uint8Array(len);
  let off = 0;
  for (const p of parts) {
    out.set(p, off);
    off += p.length;
  }
  return out;
}

const ENCODER = new TextEncoder();
// String.prototype.isWellFormed is ES2024; spelled out so older engines and lib targets work.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** UTF-8 encode; refuses lone surrogates (TextEncoder would map them to U+FFFD). */
export function utf8(s: string): Uint8Array {
  if (typeof s !== 'string') throw new TypeError('expected a string');
  if (LONE_SURROGATE.test(s)) throw new CryptoInputError('string has a lone surrogate');
  return ENCODER.encode(s);
}

/**
 * Equality that does not stop at the first differing byte, so comparing a secret-derived value
 * leaks nothing through timing beyond the lengths (which are public in every use here).
 */
export function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  assertBytes(a, 'a');
  assertBytes(b, 'b');
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i]! ^ b[i]!;
  return diff === 0;
}

/** 4-byte big-endian encoding of an unsigned 32-bit integer. */
export function u32be(n: number): Uint8Array {
  if (!Number.isSafeInteger(n) || n < 0 || n > 0xffffffff) {
    throw new RangeError(`u32be: ${n} is not an integer in [0, 2^32)`);
  }
  const out = new Uint8Array(4);
  new DataView(out.buffer).setUint32(0, n, false);
  return out;
}

/** 8-byte big-endian encoding of an unsigned 64-bit integer. */
export function u64be(n: bigint | number): Uint8Array {
  if (typeof n === 'number' && (!Number.isSafeInteger(n) || n < 0)) {
    throw new RangeError(`u64be: ${n} is not a non-negative safe integer`);
  }
  const v = BigInt(n);
  if (v < 0n || v > 0xffffffffffffffffn) throw new RangeError(`u64be: ${n} is not in [0, 2^64)`);
  const out = new Uint8Array(8);
  new DataView(out.buffer).setBigUint64(0, v, false);
  return out;
}

/** Throws unless `b` is a Uint8Array (of `length` bytes, when given). */
export function assertBytes(b: unknown, name: string, length?: number): asserts b is Uint8Array {
  // The second test accepts Uint8Arrays from another realm (iframe, worker, vitest's VM).
  const isU8 =
    b instanceof Uint8Array ||
    (ArrayBuffer.isView(b) && (b as object).constructor?.name === 'Uint8Array');
  if (!isU8) throw new TypeError(`${name} must be a Uint8Array`);
  const len = (b as Uint8Array).length;
  if (length !== undefined && len !== length) {
    throw new CryptoInputError(`${name} must be ${length} bytes, got ${len}`);
  }
}
