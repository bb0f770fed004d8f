import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  addSignatureLines,
  base64Decode,
  base64Encode,
  formatNote,
  generateNoteKey,
  noteSignatureLine,
  parseNote,
  parseSignerKey,
  parseVerifierKey,
  signNote,
  verifyNoteSignature,
} from '../../crypto/signed-note';
import { CryptoInputError, bytesToHex } from '../../crypto/bytes';

// c2sp.org/signed-note, "Verifier keys" → "Example".
const SPEC_VKEY = 'example.com/foo+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k';
const SPEC_NOTE = 'This is an example message.\n\n' +
  '— example.com/foo Uw2QOkn8srV1yJGh2VYRlL1Tnagv1YEq6TfXppzi2ONncAlTgK7Ztg1ERYNZXsYjOBH3mFXmRKuwHjG1Yu72IneyaQM=\n';
// golang.org/x/mod/sumdb/note documentation example (data only).
const GO_SKEY = 'PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz';
const GO_VKEY = 'PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW';
const GO_TEXT = "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n";
const GO_NOTE = `${GO_TEXT}\n— PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n`;

describe('base64 (RFC 4648 §4)', () => {
  it('round-trips and matches the platform encoder', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 70 }), (b) => {
      const s = base64Encode(b);
      expect(s).toBe(Buffer.from(b).toString('base64'));
      expect(bytesToHex(base64Decode(s))).toBe(bytesToHex(b));
    }));
  });
  it.each(['A', 'AB=', 'A===', '====', 'AB=C', 'AB-_', 'AB C', 'AR==', 'ABC=D===', 'QUI'])('refuses %j', (s) => {
    expect(() => base64Decode(s)).toThrow(CryptoInputError);
  });
});

describe('spec and reference examples', () => {
  it('the signed-note spec example verifies under its verifier key', () => {
    expect(verifyNoteSignature(SPEC_NOTE, SPEC_VKEY)).toBe(true);
    expect(verifyNoteSignature(SPEC_NOTE.replace('example message', 'example massage'), SPEC_VKEY)).toBe(false);
  });
  it('the Go signer key reproduces the Go note byte for byte', () => {
    expect(signNote(GO_TEXT, GO_SKEY)).toBe(GO_NOTE);
    expect(verifyNoteSignature(GO_NOTE, GO_VKEY)).toBe(true);
    const sk = parseSignerKey(GO_SKEY);
    const vk = parseVerifierKey(GO_VKEY);
    expect(bytesToHex(sk.publicKey)).toBe(bytesToHex(vk.publicKey));
    expect(bytesToHex(vk.keyId)).toBe('c74f20a3');
  });
});

describe('keys', () => {
  it('generates matching signer and verifier keys', () => {
    const { signerKey, verifierKey } = generateNoteKey('sealvote.example/log');
    expect(signerKey.startsWith('PRIVATE+KEY+sealvote.example/log+')).toBe(true);
    expect(parseVerifierKey(verifierKey)).toMatchObject({ name: 'sealvote.example/log', type: 1 });
    expect(verifyNoteSignature(signNote('hello\n', signerKey), verifierKey)).toBe(true);
  });
  it.each(['', 'a b', 'a+b', 'a\nb', 'a\u3000b'])('refuses the name %j', (name) => {
    expect(() => generateNoteKey(name)).toThrow(CryptoInputError);
  });
  it('refuses a verifier key whose id does not match, and malformed ones', () => {
    expect(() => parseVerifierKey(SPEC_VKEY.replace('530d903a', '530d903b'))).toThrow(CryptoInputError);
    expect(() => parseVerifierKey(SPEC_VKEY.replace('example.com/foo', 'example.com/bar'))).toThrow(CryptoInputError);
    expect(() => parseVerifierKey('example.com/foo+530d903a')).toThrow(CryptoInputError);
    expect(() => parseVerifierKey('example.com/foo+530D903A+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k')).toThrow(CryptoInputError);
    expect(() => parseSignerKey(GO_SKEY.replace('c74f20a3', 'c74f20a4'))).toThrow(CryptoInputError);
    expect(() => parseSignerKey(GO_SKEY.replace('PRIVATE+KEY', 'PUBLIC+KEY'))).toThrow(CryptoInputError);
  });
});

describe('notes', () => {
  const { signerKey, verifierKey } = generateNoteKey('log.example');
  const other = generateNoteKey('log.example');
  const text = 'line one\n\nline three after a blank line\n';
  const note = signNote(text, signerKey);

  it('parses back to text and one signature; a blank line inside the text is kept', () => {
    const parsed = parseNote(note);
    expect(parsed.text).toBe(text);
    expect(parsed.signatures).toHaveLength(1);
    expect(formatNote(parsed)).toBe(note);
  });
  it('adds signature lines to an existing note; each key still verifies', () => {
    const both = addSignatureLines(note, noteSignatureLine(text, other.signerKey));
    expect(parseNote(both).signatures).toHaveLength(2);
    expect(verifyNoteSignature(both, verifierKey)).toBe(true);
    expect(verifyNoteSignature(both, other.verifierKey)).toBe(true);
  });
  it('a note signed by another key with the same name fails (key id differs)', () => {
    expect(verifyNoteSignature(signNote(text, other.signerKey), verifierKey)).toBe(false);
  });
  it('fails when any signature byte flips', () => {
    const line = parseNote(note).signatures[0]!;
    for (let i = 0; i < line.signature.length; i++) {
      const sig = line.signature.slice();
      sig[i]! ^= 0x01;
      const tampered = formatNote({ text, signatures: [{ ...line, signature: sig }] });
      expect(verifyNoteSignature(tampered, verifierKey)).toBe(false);
    }
  });
  it('fails when the text changes', () => {
    expect(verifyNoteSignature(note.replace('one', 'two'), verifierKey)).toBe(false);
  });
  it('a failing line of the known key fails the note even if another line of it verifies', () => {
    const good = parseNote(note).signatures[0]!;
    const badSig = good.signature.slice();
    badSig[0]! ^= 1;
    const mixed = formatNote({ text, signatures: [good, { ...good, signature: badSig }] });
    expect(verifyNoteSignature(mixed, verifierKey)).toBe(false);
  });
  const malformed: [string, string][] = [
    ['no blank line', `${text}— x AAAAAAA=\n`],
    ['no final newline', note.slice(0, -1)],
    ['text line after the signatures', `${note}more text\n`],
    ['empty key name', note.replace('— log.example ', '—  ')],
    ['hyphen instead of em dash', note.replace('—', '-')],
    ['bad base64', note.replace(/ [^ ]+\n$/, ' !!!!\n')],
    ['signature too short', `${text}\n— log.example AAAA\n`],
    ['control character', note.replace('one', 'o\u0007ne')],
    ['carriage return', note.replace('one\n', 'one\r\n')],
    ['empty signature block', `${text}\n\n`],
  ];
  it.each(malformed)('parseNote refuses %s; verify returns false', (_name, bad) => {
    expect(() => parseNote(bad)).toThrow();
    expect(verifyNoteSignature(bad, verifierKey)).toBe(false);
  });
  it('refuses to sign text without a final newline', () => {
    expect(() => signNote('no newline', signerKey)).toThrow(CryptoInputError);
  });
});
