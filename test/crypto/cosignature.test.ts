import { describe, expect, it } from 'vitest';
import { sha256 } from '@noble/hashes/sha2.js';
import { ed25519 } from '@noble/curves/ed25519.js';
import {
  cosign,
  cosignedMessage,
  generateCosignerKey,
  parseCosignature,
  verifyCosignature,
  verifyNoteCosignature,
} from '../../crypto/cosignature';
import { formatCheckpoint } from '../../crypto/checkpoint';
import {
  addSignatureLines,
  base64Decode,
  base64Encode,
  formatSignatureLine,
  generateNoteKey,
  parseNote,
  parseSignerKey,
  parseVerifierKey,
  signNote,
  verifyNoteSignature,
} from '../../crypto/signed-note';
import { CryptoInputError, bytesToHex, concatBytes, u64be, utf8 } from '../../crypto/bytes';
import { leafHash, rootFromLeafHashes } from '../../crypto/merkle';

const root = rootFromLeafHashes([1, 2, 3].map((i) => leafHash(new Uint8Array([i]))));
const body = formatCheckpoint({ origin: 'sealvote.example/m1', size: 3, rootHash: root, extensions: ['final'] });
const T = 1716000000;

describe('cosignature/v1 layout', () => {
  const cosigner = generateCosignerKey('orgdept.example/filer');
  const line = cosign(body, cosigner.signerKey, T);

  it('key id = SHA-256(name || "\\n" || 0x04 || pk)[:4], computed independently', () => {
    const vk = parseVerifierKey(cosigner.verifierKey);
    expect(vk.type).toBe(0x04);
    const expected = sha256(concatBytes(utf8('orgdept.example/filer\n'), Uint8Array.of(0x04), vk.publicKey)).subarray(0, 4);
    expect(bytesToHex(vk.keyId)).toBe(bytesToHex(expected));
  });
  it('line = "— name base64(key id || u64be(t) || sig)" and sig covers the spec message', () => {
    const [dash, name, blob] = line.split(' ') as [string, string, string];
    expect(dash).toBe('—');
    expect(name).toBe('orgdept.example/filer');
    const raw = base64Decode(blob);
    expect(raw.length).toBe(4 + 8 + 64);
    expect(bytesToHex(raw.subarray(4, 12))).toBe(bytesToHex(u64be(T)));
    const message = utf8(`cosignature/v1\ntime ${T}\n${body}`);
    expect(bytesToHex(cosignedMessage(body, T))).toBe(bytesToHex(message));
    const pk = parseVerifierKey(cosigner.verifierKey).publicKey;
    expect(ed25519.verify(raw.subarray(12), message, pk, { zip215: false })).toBe(true);
  });
  it('is deterministic for a fixed key and time', () => {
    expect(cosign(body, cosigner.signerKey, T)).toBe(line);
  });
  it('parses the tlog-cosignature spec example line (time 1679315147)', () => {
    const c = parseCosignature('— witness.example.com/w1 jWbPPwAAAABkGFDLEZMHwSRaJNiIDoe9DYn/zXcrtPHeolMI5OWXEhZCB9dlrDJsX3b2oyin1nPZqhf5nNo0xUe+mbIUBkBIfZ+qnA==');
    expect(c.name).toBe('witness.example.com/w1');
    expect(bytesToHex(c.keyId)).toBe('8d66cf3f');
    expect(c.timestamp).toBe(1679315147n);
  });
});

describe('verification', () => {
  const log = generateNoteKey('sealvote.example/m1');
  const filer = generateCosignerKey('orgdept.example/filer');
  const inspector = generateCosignerKey('discipline.example/inspector');
  const line = cosign(body, filer.signerKey, T);

  it('verifies, and a full note carries the log signature and both cosignatures', () => {
    expect(verifyCosignature(body, line, filer.verifierKey)).toBe(true);
    const note = addSignatureLines(signNote(body, log.signerKey), line, cosign(body, inspector.signerKey, T + 5));
    expect(verifyNoteSignature(note, log.verifierKey)).toBe(true);
    expect(verifyNoteCosignature(note, filer.verifierKey)).toBe(true);
    expect(verifyNoteCosignature(note, inspector.verifierKey)).toBe(true);
    // a cosigner key is not a log key and vice versa
    expect(verifyNoteSignature(note, filer.verifierKey)).toBe(false);
    expect(verifyNoteCosignature(signNote(body, log.signerKey), filer.verifierKey)).toBe(false);
  });
  it('a cosignature by another key fails', () => {
    expect(verifyCosignature(body, line, inspector.verifierKey)).toBe(false);
    const sameName = generateCosignerKey('orgdept.example/filer');
    expect(verifyCosignature(body, line, sameName.verifierKey)).toBe(false);
    expect(verifyCosignature(body, cosign(body, sameName.signerKey, T), filer.verifierKey)).toBe(false);
  });

  const changed: [string, string][] = [
    ['origin', body.replace('sealvote.example/m1\n', 'sealvote.example/m9\n')],
    ['size', body.replace('\n3\n', '\n4\n')],
    ['root', body.replace(base64Encode(root), base64Encode(rootFromLeafHashes([])))],
    ['extension', body.replace('final', 'draft')],
  ];
  it.each(changed)('fails when the checkpoint %s changes', (_name, other) => {
    expect(other).not.toBe(body);
    expect(verifyCosignature(other, line, filer.verifierKey)).toBe(false);
  });

  const c = parseCosignature(line);
  const relined = (patch: Partial<{ name: string; keyId: Uint8Array; signature: Uint8Array }>): string =>
    formatSignatureLine({ name: c.name, keyId: c.keyId, signature: concatBytes(u64be(c.timestamp), c.signature), ...patch });
  it('fails when the timestamp changes', () => {
    expect(verifyCosignature(body, relined({ signature: concatBytes(u64be(T + 1), c.signature) }), filer.verifierKey)).toBe(false);
  });
  it('fails when the key name or key id changes', () => {
    expect(verifyCosignature(body, relined({ name: 'orgdept.example/filer2' }), filer.verifierKey)).toBe(false);
    const id = c.keyId.slice();
    id[0]! ^= 0x80;
    expect(verifyCosignature(body, relined({ keyId: id }), filer.verifierKey)).toBe(false);
  });
  it('fails when any signature byte flips', () => {
    for (let i = 0; i < 64; i++) {
      const sig = c.signature.slice();
      sig[i]! ^= 0x04;
      expect(verifyCosignature(body, relined({ signature: concatBytes(u64be(T), sig) }), filer.verifierKey)).toBe(false);
    }
  });
  it('the untouched re-encoded line still verifies (so the failures above are the changes)', () => {
    expect(relined({})).toBe(line);
    expect(verifyCosignature(body, relined({}), filer.verifierKey)).toBe(true);
  });
  it('returns false on malformed lines; cosign refuses bad input', () => {
    expect(verifyCosignature(body, 'garbage', filer.verifierKey)).toBe(false);
    expect(verifyCosignature(body, line, 'not a key')).toBe(false);
    expect(verifyCosignature('not a checkpoint\n', line, filer.verifierKey)).toBe(false);
    expect(() => cosign(body, filer.signerKey, -1)).toThrow(CryptoInputError);
    expect(() => cosign(body, filer.signerKey, 2n ** 63n)).toThrow(CryptoInputError);
    expect(() => cosign(body, log.signerKey, T)).toThrow(CryptoInputError);
    expect(() => cosign('x\n', filer.signerKey, T)).toThrow(CryptoInputError);
    expect(parseSignerKey(filer.signerKey).type).toBe(4);
  });
  it('parseNote keeps a cosignature line intact', () => {
    const note = addSignatureLines(signNote(body, log.signerKey), line);
    expect(formatSignatureLine(parseNote(note).signatures[1]!)).toBe(line);
  });
});
