/**
 * The service's blind signature on a tablet's blinded point, for both issuance paths (service
 * alone, and its half of a co-issued token): the point decoded with its subgroup check, signed,
 * and hashed for the issuance row. A malformed point is the tablet's fault (400).
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, CryptoInputError, hexToBytes } from '../../../crypto/bytes';
import { NOBLE_ISSUER_OPS, type IssuerOps } from '../../../crypto/coissue';
import { AppError } from '../../errors';

export function serviceBlindSign(secretKey: Uint8Array, blindedHex: string, ops: IssuerOps = NOBLE_ISSUER_OPS): { blindSignature: Uint8Array; blindedHash: string } {
  try {
    const blinded = hexToBytes(blindedHex, 48);
    // S' = sk·B, after B ∈ G1 \ {O}
    return { blindSignature: ops.blindSign(secretKey, blinded), blindedHash: bytesToHex(sha256(blinded)) };
  } catch (err) {
    if (err instanceof CryptoInputError) throw new AppError('bad_request', `blinded: ${err.message}`);
    throw err;
  }
}
