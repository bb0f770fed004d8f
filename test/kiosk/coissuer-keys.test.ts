/**
 * The inspector page's co-issuer key (kiosk/src/lib/coissuer-keys.ts) with the platform's
 * WebCrypto: non-extractable, and giving exactly the shares and signatures of the key file.
 */
import { ed25519 } from '@noble/curves/ed25519.js';
import { describe, expect, it } from 'vitest';
import { bytesToHex } from '../../crypto/bytes';
import { deriveCoissuerShare } from '../../crypto/coissue';
import { generateCoissuerKey, parseCoissuerSignerKey } from '../../crypto/coissuer-statements';
import { importCoissuerKeyFile, webCryptoKeys } from '../../kiosk/src/lib/coissuer-keys';

describe('the co-issuer key in WebCrypto', () => {
  const { signerKey, verifierKey } = generateCoissuerKey('sealvote-coissuer-page');
  const seed = parseCoissuerSignerKey(signerKey).seed;

  it('derives the same share as the key file would (HKDF in WebCrypto, KeyGen in JS)', async () => {
    const keys = webCryptoKeys(await importCoissuerKeyFile(`${signerKey}\n`));
    expect(keys.verifierKey).toBe(verifierKey);
    for (const ctx of [
      { meeting: 'm', item: 'i', round: 1, klass: 'A' as const },
      { meeting: 'm', item: 'i#motion', round: 2, klass: 'A' as const },
      { meeting: '会议', item: '议题', round: 1, klass: 'B' as const },
    ]) {
      const fromPage = await keys.share(ctx);
      const fromFile = deriveCoissuerShare(seed, ctx);
      expect(bytesToHex(fromPage.publicKey)).toBe(bytesToHex(fromFile.publicKey));
      expect(bytesToHex(fromPage.secretKey)).toBe(bytesToHex(fromFile.secretKey));
    }
  });

  it('signs with the identity key, which cannot be exported', async () => {
    const stored = await importCoissuerKeyFile(signerKey);
    const msg = new TextEncoder().encode('sealvote/coissuer/roll/v1\n{}');
    const sig = await webCryptoKeys(stored).sign(msg);
    expect(ed25519.verify(sig, msg, ed25519.getPublicKey(seed))).toBe(true);
    expect(bytesToHex(sig)).toBe(bytesToHex(ed25519.sign(msg, seed)));
    expect(stored.identity.extractable).toBe(false);
    expect(stored.shares.extractable).toBe(false);
    await expect(crypto.subtle.exportKey('pkcs8', stored.identity)).rejects.toThrow();
    await expect(crypto.subtle.exportKey('raw', stored.shares)).rejects.toThrow();
  });

  it('refuses a cosigner key or garbage', async () => {
    const { generateCosignerKey } = await import('../../crypto/cosignature');
    await expect(importCoissuerKeyFile(generateCosignerKey('sealvote-discipline-x').signerKey)).rejects.toThrow(/type 0x01/);
    await expect(importCoissuerKeyFile('hello')).rejects.toThrow();
  });
});
