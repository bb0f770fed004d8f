/**
 * Issuer keys for blind ballot tokens: one BLS12-381 key pair per (meeting, item, round, class).
 *
 * A separate key per class keeps A and B tokens apart (R4): a B token can never be spent as an
 * A ballot. A separate key per round means a reconsidered item (R10) starts from fresh tokens.
 * Every key is derived, never stored, from the service's 32-byte master secret:
 *
 *   info = lp(meeting) || lp(item) || u32be(round) || klass        lp(s) = u32be(|utf8 s|) || utf8 s
 *   ikm  = HKDF-SHA-256(salt = "sealvote/issuer/v1", ikm = master, info, L = 32)     (RFC 5869)
 *   sk   = KeyGen(ikm)                      (draft-irtf-cfrg-bls-signature-05 §2.3, key_info = "")
 *   pk   = sk · G2                          (96-byte compressed G2: short signatures live in G1)
 *   key_id = SHA-256(pk)
 *
 * KeyGen(IKM, key_info):
 *   salt = "BLS-SIG-KEYGEN-SALT-"; SK = 0
 *   while SK == 0:
 *     salt = SHA-256(salt)
 *     PRK  = HKDF-Extract(salt, IKM || I2OSP(0, 1))
 *     OKM  = HKDF-Expand(PRK, key_info || I2OSP(L, 2), L)      L = 48 = ceil(3·ceil(log2 r)/16)
 *     SK   = OS2IP(OKM) mod r
 * (the same function as EIP-2333's HKDF_mod_r, whose vectors the tests reuse).
 *
 * The public key is logged before any token is issued; tablets verify every blind signature
 * against that logged key, so the key id doubles as the commitment the tablet checks against.
 */
import { bls12_381 } from '@noble/curves/bls12-381.js';
import { expand, extract } from '@noble/hashes/hkdf.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { assertBytes, concatBytes, CryptoInputError, u32be, utf8 } from './bytes';

export type IssuerClass = 'A' | 'B';

export interface IssuerContext {
  meeting: string;
  item: string;
  round: number;
  klass: IssuerClass;
}

export interface IssuerKey {
  /** Scalar sk, 32 bytes big-endian, 0 < sk < r. */
  secretKey: Uint8Array;
  /** sk · G2, 96 bytes compressed. */
  publicKey: Uint8Array;
  /** SHA-256(publicKey), 32 bytes. */
  keyId: Uint8Array;
}

const G2 = bls12_381.G2.Point;
const Fr = bls12_381.fields.Fr;
const ISSUER_SALT = utf8('sealvote/issuer/v1');
const KEYGEN_SALT = utf8('BLS-SIG-KEYGEN-SALT-');
const KEYGEN_L = 48;

export const MASTER_SECRET_LENGTH = 32;
export const PUBLIC_KEY_LENGTH = 96;
export const SECRET_KEY_LENGTH = 32;
export const KEY_ID_LENGTH = 32;

/** u32be(|utf8 s|) || utf8 s: length-prefixing keeps ("ab","c") and ("a","bc") apart. */
function lengthPrefixed(s: string, name: string): Uint8Array {
  if (typeof s !== 'string') throw new TypeError(`${name} must be a string`);
  if (s.length === 0) throw new CryptoInputError(`${name} must not be empty`);
  const b = utf8(s);
  return concatBytes(u32be(b.length), b);
}

/** The HKDF info string binding a key to exactly one (meeting, item, round, class). */
export function issuerKeyInfo(ctx: IssuerContext): Uint8Array {
  if (typeof ctx !== 'object' || ctx === null) throw new TypeError('issuer context must be an object');
  const { meeting, item, round, klass } = ctx;
  if (!Number.isSafeInteger(round) || round < 1 || round > 0xffffffff) {
    throw new RangeError(`round must be a positive integer below 2^32, got ${round}`);
  }
  if (klass !== 'A' && klass !== 'B') throw new CryptoInputError(`class must be "A" or "B"`);
  // info = lp(meeting) || lp(item) || u32be(round) || klass
  return concatBytes(
    lengthPrefixed(meeting, 'meeting id'),
    lengthPrefixed(item, 'item id'),
    u32be(round),
    utf8(klass),
  );
}

/**
 * BLS KeyGen, draft-irtf-cfrg-bls-signature-05 §2.3. Returns sk as a bigint in [1, r).
 * Exported for its test vectors; issuer keys come from {@link deriveIssuerKey}.
 */
export function blsKeyGen(ikm: Uint8Array, keyInfo: Uint8Array = new Uint8Array(0)): bigint {
  assertBytes(ikm, 'ikm');
  assertBytes(keyInfo, 'keyInfo');
  // §2.3: "IKM MUST be at least 32 bytes long".
  if (ikm.length < 32) throw new CryptoInputError('KeyGen IKM must be at least 32 bytes');
  let salt: Uint8Array = KEYGEN_SALT;
  let sk = 0n;
  while (sk === 0n) {
    // salt = H(salt)
    salt = sha256(salt);
    // PRK = HKDF-Extract(salt, IKM || I2OSP(0, 1))
    const prk = extract(sha256, concatBytes(ikm, new Uint8Array([0])), salt);
    // OKM = HKDF-Expand(PRK, key_info || I2OSP(L, 2), L)
    const okm = expand(sha256, prk, concatBytes(keyInfo, new Uint8Array([0, KEYGEN_L])), KEYGEN_L);
    // SK = OS2IP(OKM) mod r
    sk = Fr.create(bytesToBigInt(okm));
  }
  return sk;
}

export function deriveIssuerKey(master: Uint8Array, ctx: IssuerContext): IssuerKey {
  return deriveKeyWithSalt(master, ISSUER_SALT, ctx);
}

/**
 * The derivation above with another HKDF salt: the discipline commission's key shares use
 * "sealvote/coissuer/v1" over its own seed (crypto/coissue.ts), the service's "sealvote/issuer/v1".
 */
export function deriveKeyWithSalt(master: Uint8Array, salt: Uint8Array, ctx: IssuerContext): IssuerKey {
  assertBytes(master, 'master secret', MASTER_SECRET_LENGTH);
  assertBytes(salt, 'salt');
  const info = issuerKeyInfo(ctx);
  // ikm = HKDF-SHA-256(salt, ikm = master, info, L = 32)
  return issuerKeyFromIkm(expand(sha256, extract(sha256, master, salt), info, 32));
}

/**
 * sk = KeyGen(ikm), pk = sk·G2, key_id = SHA-256(pk). Separate so a browser can do the HKDF step
 * with a non-extractable WebCrypto key (the co-issuer's page) and only this part in JavaScript.
 */
export function issuerKeyFromIkm(ikm: Uint8Array): IssuerKey {
  assertBytes(ikm, 'ikm', 32);
  const sk = blsKeyGen(ikm);
  // pk = sk · G2
  const publicKey = G2.BASE.multiply(sk).toBytes(true);
  return {
    secretKey: Fr.toBytes(sk),
    publicKey,
    keyId: issuerKeyId(publicKey),
  };
}

/** key_id = SHA-256(pk). Checks only the length: hashing never needs the point itself. */
export function issuerKeyId(publicKey: Uint8Array): Uint8Array {
  assertBytes(publicKey, 'issuer public key', PUBLIC_KEY_LENGTH);
  return sha256(publicKey);
}

/**
 * Decodes a logged issuer public key: 96-byte compressed G2, on the curve, in the r-order
 * subgroup (noble's fromBytes runs assertValidity, which includes the torsion check), and not
 * the identity — with pk = O every signature would be O and e(O, G2) = e(H(m), O) = 1 for all m.
 */
export function decodeIssuerPublicKey(publicKey: Uint8Array): ReturnType<typeof G2.fromBytes> {
  assertBytes(publicKey, 'issuer public key', PUBLIC_KEY_LENGTH);
  let point;
  try {
    point = G2.fromBytes(publicKey);
  } catch (e) {
    throw new CryptoInputError(`invalid issuer public key: ${(e as Error).message}`);
  }
  if (point.is0()) throw new CryptoInputError('invalid issuer public key: identity point');
  return point;
}

/** Parses a 32-byte big-endian issuer secret key, requiring 0 < sk < r. */
export function decodeIssuerSecretKey(secretKey: Uint8Array): bigint {
  assertBytes(secretKey, 'issuer secret key', SECRET_KEY_LENGTH);
  const sk = bytesToBigInt(secretKey);
  if (sk === 0n || sk >= Fr.ORDER) throw new CryptoInputError('issuer secret key out of range');
  return sk;
}

/** OS2IP: big-endian bytes to a non-negative integer. */
export function bytesToBigInt(b: Uint8Array): bigint {
  let n = 0n;
  for (const byte of b) n = (n << 8n) | BigInt(byte);
  return n;
}
