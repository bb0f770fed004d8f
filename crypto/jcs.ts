/**
 * Canonical JSON: plain RFC 8785 (JCS), no profile of ours.
 *
 *   canonicalize(v) = the RFC 8785 serialization of v:
 *     - no whitespace;
 *     - object members sorted by their names as arrays of UTF-16 code units (§3.2.3);
 *     - numbers serialized as ECMAScript Number.prototype.toString does (§3.2.2.3), -0 as 0;
 *     - strings escaped as ECMAScript JSON.stringify does (§3.2.2.2).
 *   canonicalBytes(v) = UTF-8(canonicalize(v))
 *
 * Strings are serialized exactly as given: no Unicode normalization (issue 14). A verifier
 * compares bytes and needs no Unicode tables; the service refuses any input string that is
 * not already NFC (src/http/validation.ts), so what it writes is NFC without normalizing here.
 *
 * Refused (CryptoInputError): NaN and ±Infinity, undefined, functions, symbols, bigint, strings
 * with lone surrogates (I-JSON, RFC 7493 §2.1), cyclic structures, sparse arrays, and any object
 * that is not a plain object or an array (Date, Map, Uint8Array, class instances...).
 *
 * Binary values are never JSON values here: callers put them in as lowercase hex strings.
 */
import { CryptoInputError, utf8 } from './bytes';

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function canonicalString(s: string): string {
  // I-JSON (RFC 7493 §2.1) and RFC 8785 §3.1: strings must be valid Unicode.
  if (LONE_SURROGATE.test(s)) throw new CryptoInputError('string has a lone surrogate');
  // JSON.stringify of a well-formed string is exactly RFC 8785 §3.2.2.2 escaping.
  return JSON.stringify(s);
}

function canonicalNumber(n: number): string {
  // RFC 8785 §3.2.2.3: NaN and Infinity are errors.
  if (!Number.isFinite(n)) throw new CryptoInputError('number is not finite');
  // ECMAScript Number::toString; String(-0) is "0" as the RFC requires.
  return String(n);
}

function isPlainObject(v: object): v is Record<string, unknown> {
  const proto = Object.getPrototypeOf(v) as unknown;
  return proto === Object.prototype || proto === null;
}

function serialize(value: unknown, open: Set<object>): string {
  switch (typeof value) {
    case 'string':
      return canonicalString(value);
    case 'number':
      return canonicalNumber(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'object':
      break;
    default:
      throw new CryptoInputError(`${typeof value} is not a JSON value`);
  }
  if (value === null) return 'null';
  if (open.has(value)) throw new CryptoInputError('cyclic structure');
  open.add(value);
  let out: string;
  if (Array.isArray(value)) {
    const parts: string[] = [];
    for (let i = 0; i < value.length; i++) {
      if (!(i in value)) throw new CryptoInputError('sparse array');
      parts.push(serialize(value[i], open));
    }
    out = `[${parts.join(',')}]`;
  } else if (isPlainObject(value)) {
    if (Object.getOwnPropertySymbols(value).length > 0) {
      throw new CryptoInputError('symbol-keyed property');
    }
    const members = new Map<string, unknown>();
    for (const key of Object.keys(value)) {
      if (LONE_SURROGATE.test(key)) throw new CryptoInputError('member name has a lone surrogate');
      members.set(key, value[key]);
    }
    // RFC 8785 §3.2.3: sort by UTF-16 code units, which is what the default string order compares.
    const names = [...members.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    out = `{${names.map((n) => `${JSON.stringify(n)}:${serialize(members.get(n), open)}`).join(',')}}`;
  } else {
    throw new CryptoInputError('only plain objects and arrays are JSON objects');
  }
  open.delete(value);
  return out;
}

/** RFC 8785 canonical JSON text of `value`. */
export function canonicalize(value: unknown): string {
  return serialize(value, new Set());
}

/** UTF-8 bytes of `canonicalize(value)`. */
export function canonicalBytes(value: unknown): Uint8Array {
  return utf8(canonicalize(value));
}
