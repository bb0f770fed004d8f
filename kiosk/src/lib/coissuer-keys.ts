/**
 * The co-issuer's key in the inspector's browser (docs/coissuance.md §5): the key file made by
 * `sealvote coissue keygen` is imported once into two NON-EXTRACTABLE WebCrypto keys kept in
 * IndexedDB, and the file's bytes are wiped:
 *
 *   identity  Ed25519 private key (PKCS#8 of the seed)            → signs statements, answers, rolls
 *   shares    HKDF-SHA-256 base key of the seed                     → ikm_c = HKDF(salt "sealvote/coissuer/v1",
 *                                                                      seed, info, 32), then KeyGen in JS
 *
 * WebCrypto's HKDF is RFC 5869's extract-then-expand, so ikm_c is byte for byte what
 * crypto/coissue.ts deriveCoissuerShare computes from the same seed; no page script can read the
 * seed back. (BLS has no WebCrypto algorithm: each vote's share scalar exists in memory while
 * the page runs, never in storage.)
 */
import { concatBytes, hexToBytes } from '../../../crypto/bytes';
import { COISSUER_SALT } from '../../../crypto/coissue';
import { parseCoissuerSignerKey } from '../../../crypto/coissuer-statements';
import { issuerKeyFromIkm, issuerKeyInfo, type IssuerKey } from '../../../crypto/issuer-key';
import type { CoissuerKeys } from '../../../src/coissuer/core';

/** RFC 8410 §7: PKCS#8 PrivateKeyInfo of an Ed25519 key is this 16-byte prefix and the 32-byte seed. */
const ED25519_PKCS8_PREFIX = hexToBytes('302e020100300506032b657004220420');

export interface StoredCoissuerKey {
  verifierKey: string;
  name: string;
  identity: CryptoKey;
  shares: CryptoKey;
}

/** Imports a key file's text as non-extractable WebCrypto keys; the caller wipes its copy of the text. */
export async function importCoissuerKeyFile(text: string, subtle: SubtleCrypto = crypto.subtle): Promise<StoredCoissuerKey> {
  const parsed = parseCoissuerSignerKey(text);
  const pkcs8 = concatBytes(ED25519_PKCS8_PREFIX, parsed.seed);
  try {
    const identity = await subtle.importKey('pkcs8', pkcs8 as BufferSource, { name: 'Ed25519' }, false, ['sign']);
    const shares = await subtle.importKey('raw', parsed.seed as BufferSource, 'HKDF', false, ['deriveBits']);
    return { verifierKey: parsed.verifierKey, name: parsed.name, identity, shares };
  } finally {
    pkcs8.fill(0);
    parsed.seed.fill(0);
  }
}

/** The co-issuer's keys for the driver (src/coissuer/driver.ts), backed by the stored CryptoKeys. */
export function webCryptoKeys(stored: StoredCoissuerKey, subtle: SubtleCrypto = crypto.subtle): CoissuerKeys {
  const cache = new Map<string, Promise<IssuerKey>>();
  return {
    verifierKey: stored.verifierKey,
    share: (ctx) => {
      const id = JSON.stringify([ctx.meeting, ctx.item, ctx.round, ctx.klass]);
      let key = cache.get(id);
      if (!key) {
        key = (async () => {
          // ikm_c = HKDF-SHA-256(salt = "sealvote/coissuer/v1", ikm = seed, info, L = 32)
          const bits = await subtle.deriveBits({ name: 'HKDF', hash: 'SHA-256', salt: COISSUER_SALT as BufferSource, info: issuerKeyInfo(ctx) as BufferSource }, stored.shares, 256);
          const ikm = new Uint8Array(bits);
          try {
            return issuerKeyFromIkm(ikm);
          } finally {
            ikm.fill(0);
          }
        })();
        cache.set(id, key);
      }
      return key;
    },
    sign: async (bytes) => new Uint8Array(await subtle.sign({ name: 'Ed25519' }, stored.identity, bytes as BufferSource)),
  };
}
