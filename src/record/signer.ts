import { ed25519 } from '@noble/curves/ed25519.js';
import { bytesToHex, concatBytes } from '../../crypto/bytes';
import { SIG_TYPE_ED25519, base64Encode, computeKeyId, formatVerifierKey } from '../../crypto/signed-note';
import type { ServiceConfig } from '../config';

/**
 * The log's checkpoint key as C2SP signed-note key strings, built from the configured 32-byte
 * Ed25519 seed. The key name is the log origin (tlog-checkpoint: the log signs as its origin).
 */
export function checkpointKeys(config: Pick<ServiceConfig, 'logOrigin' | 'signingSeed'>): { signerKey: string; verifierKey: string } {
  const name = config.logOrigin;
  const publicKey = ed25519.getPublicKey(config.signingSeed);
  const id = bytesToHex(computeKeyId(name, SIG_TYPE_ED25519, publicKey));
  // PRIVATE+KEY+<name>+<hex key id>+base64(0x01 || seed)   (signed-note key encoding)
  const signerKey = `PRIVATE+KEY+${name}+${id}+${base64Encode(concatBytes(Uint8Array.of(SIG_TYPE_ED25519), config.signingSeed))}`;
  return { signerKey, verifierKey: formatVerifierKey({ name, type: SIG_TYPE_ED25519, publicKey }) };
}
