/**
 * Strict Ed25519 verification at OpenSSL speed, for Node only (the cast path and the verifier's
 * worker threads). Same answer as noble's strict check (crypto/ballot.ts, `zip215: false`) on
 * every input, about ten times cheaper for the valid signatures that are nearly all of them.
 *
 *   1. noble's strict refusals that need no arithmetic: s < L, A's y < p, A not of small order.
 *      Failing any is noble's `false` too.
 *   2. OpenSSL (node:crypto): cofactorless, R == [s]B − [k]A compared as bytes, with
 *      k = SHA-512(R || A || M) over the raw bytes exactly as noble hashes them.
 *      OpenSSL's `true` implies noble's: A decoded (so it is on the curve, and with y < p and
 *      not of small order noble decodes the same point); R's bytes equal the encoding of a real
 *      point, so R decodes canonically; and R + [k]A − [s]B = O gives [8](R + [k]A − [s]B) = O,
 *      the cofactored equation noble checks (RFC 8032 §5.1.7).
 *   3. OpenSSL's `false` is not trusted to mean noble's `false` (a signature with a torsion
 *      component passes the cofactored check and fails the cofactorless one), so noble decides.
 *
 * Forgeries therefore cost the full noble check; honest ballots cost one OpenSSL verify.
 */
import { createPublicKey, verify as opensslVerify, type KeyObject } from 'node:crypto';
import { ed25519 } from '@noble/curves/ed25519.js';
import { ballotSigningBytes, parseSignedBallot, type SignedBallot } from '../../crypto/ballot';
import { bytesToNumberLE, numberToBytesLE } from '@noble/curves/utils.js';
import { hexToBytes } from '../../crypto/bytes';

/** The order of the prime subgroup, RFC 8032 §5.1. */
const L = 2n ** 252n + 27742317777372353535851937790883648493n;

/** The raw key as an RFC 8037 OKP JWK: measured 5× cheaper for OpenSSL to load than SPKI DER. */
function opensslKey(publicKey: Uint8Array): KeyObject {
  const x = Buffer.from(publicKey.buffer, publicKey.byteOffset, publicKey.length).toString('base64url');
  return createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x }, format: 'jwk' });
}

/** p = 2^255 − 19, RFC 8032 §5.1. */
const P = 2n ** 255n - 19n;

/**
 * Every encoding of a point of order dividing 8 that has y < p: the eight canonical encodings
 * ([i]T for a point T of order 8) and the two with x = 0 and the sign bit set (y = ±1), which
 * noble's strict decoding refuses as non-canonical. Built from noble, not typed in.
 */
const SMALL_ORDER: readonly string[] = (() => {
  // A point of order 8 (RFC 8032 curve; the first entry of libsodium's small-order list).
  const T = ed25519.Point.fromBytes(
    Uint8Array.from(Buffer.from('c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a', 'hex')),
    false,
  );
  const out: string[] = [];
  let Q = ed25519.Point.ZERO;
  for (let i = 0; i < 8; i++, Q = Q.add(T)) out.push(Buffer.from(Q.toBytes()).toString('hex'));
  for (const y of [1n, P - 1n]) {
    const enc = numberToBytesLE(y, 32);
    enc[31]! |= 0x80;
    out.push(Buffer.from(enc).toString('hex'));
  }
  return out;
})();

/**
 * noble's strict refusals that come before any curve arithmetic: S ≥ L, a key with y ≥ p, a key
 * of small order. A key that is not on the curve is left to OpenSSL (it cannot verify under
 * it) and then to noble. No square root is taken here: this runs for every ballot.
 */
function passesStrictPrechecks(sig: Uint8Array, publicKey: Uint8Array): boolean {
  // s < L (RFC 8032 §5.1.7): a non-canonical S is malleable.
  if (bytesToNumberLE(sig.subarray(32)) >= L) return false;
  const y = bytesToNumberLE(publicKey) & (2n ** 255n - 1n);
  // y < p (RFC 8032 §5.1.3 step 1, strict): one point, one encoding.
  if (y >= P) return false;
  // A small-order key lets one signature verify for many messages (noble strict refuses it).
  return !SMALL_ORDER.includes(Buffer.from(publicKey).toString('hex'));
}

/**
 * true exactly when `ed25519.verify(sig, msg, publicKey, { zip215: false })` would be true.
 * Throws on wrong lengths, like noble.
 */
export function verifyEd25519Strict(sig: Uint8Array, msg: Uint8Array, publicKey: Uint8Array): boolean {
  if (!(sig instanceof Uint8Array) || sig.length !== 64) throw new TypeError('signature must be 64 bytes');
  if (!(publicKey instanceof Uint8Array) || publicKey.length !== 32) throw new TypeError('publicKey must be 32 bytes');
  if (!(msg instanceof Uint8Array)) throw new TypeError('message must be bytes');
  if (!passesStrictPrechecks(sig, publicKey)) return false;
  let fast = false;
  try {
    fast = opensslVerify(null, msg, opensslKey(publicKey), sig);
  } catch {
    // OpenSSL refusing to load a key that noble decodes is a disagreement noble settles below.
  }
  return fast || ed25519.verify(sig, msg, publicKey, { zip215: false });
}

/** crypto/ballot.ts verifyBallotSignature, answered through verifyEd25519Strict. */
export function verifyBallotSignatureFast(ballot: SignedBallot): boolean {
  try {
    const parsed = parseSignedBallot(ballot);
    const { sig, ...body } = parsed;
    return verifyEd25519Strict(hexToBytes(sig, 64), ballotSigningBytes(body), hexToBytes(parsed.ballot_pk, 32));
  } catch {
    return false;
  }
}
