import { describe, expect, it } from 'vitest';
import { formatCheckpoint, openCheckpoint, parseCheckpoint } from '../../crypto/checkpoint';
import { addSignatureLines, base64Encode, formatNote, generateNoteKey, parseNote, signNote, verifyNoteSignature } from '../../crypto/signed-note';
import { CryptoInputError, bytesToHex } from '../../crypto/bytes';
import { leafHash, rootFromLeafHashes } from '../../crypto/merkle';

const root = rootFromLeafHashes([leafHash(new Uint8Array([1])), leafHash(new Uint8Array([2]))]);

describe('checkpoint body', () => {
  it('formats origin, size, base64 root and extensions, each line ending in a newline', () => {
    const body = formatCheckpoint({ origin: 'sealvote.example/m1', size: 2, rootHash: root, extensions: ['ext one'] });
    expect(body).toBe(`sealvote.example/m1\n2\n${Buffer.from(root).toString('base64')}\next one\n`);
    const back = parseCheckpoint(body);
    expect(back.origin).toBe('sealvote.example/m1');
    expect(back.size).toBe(2);
    expect(bytesToHex(back.rootHash)).toBe(bytesToHex(root));
    expect(back.extensions).toEqual(['ext one']);
  });
  it('parses the tlog-checkpoint spec example', () => {
    const c = parseCheckpoint('example.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n');
    expect(c).toMatchObject({ origin: 'example.com/behind-the-sofa', size: 20852163 });
    expect(c.extensions).toBeUndefined();
  });
  it('the empty tree has size 0', () => {
    const body = formatCheckpoint({ origin: 'o', size: 0, rootHash: rootFromLeafHashes([]) });
    expect(parseCheckpoint(body).size).toBe(0);
  });
  const b64 = base64Encode(root);
  const bad: [string, string][] = [
    ['two lines', `o\n2\n`],
    ['leading zero', `o\n02\n${b64}\n`],
    ['negative size', `o\n-2\n${b64}\n`],
    ['size with plus', `o\n+2\n${b64}\n`],
    ['short root', `o\n2\n${base64Encode(root.subarray(1))}\n`],
    ['bad base64 root', `o\n2\n${b64.slice(1)}\n`],
    ['empty origin', `\n2\n${b64}\n`],
    ['origin with space', `o x\n2\n${b64}\n`],
    ['empty extension', `o\n2\n${b64}\n\n`],
    ['no final newline', `o\n2\n${b64}`],
  ];
  it.each(bad)('refuses %s', (_name, text) => {
    expect(() => parseCheckpoint(text)).toThrow(CryptoInputError);
  });
  it('refuses to format bad fields', () => {
    expect(() => formatCheckpoint({ origin: 'o', size: -1, rootHash: root })).toThrow(CryptoInputError);
    expect(() => formatCheckpoint({ origin: 'o', size: 1, rootHash: root.subarray(1) })).toThrow(CryptoInputError);
    expect(() => formatCheckpoint({ origin: 'o', size: 1, rootHash: root, extensions: ['a\nb'] })).toThrow(CryptoInputError);
  });
});

describe('signed checkpoints', () => {
  const log = generateNoteKey('sealvote.example/m1');
  const body = formatCheckpoint({ origin: 'sealvote.example/m1', size: 2, rootHash: root, extensions: ['meeting m1'] });
  const note = signNote(body, log.signerKey);

  it('round-trips through the signed note', () => {
    expect(verifyNoteSignature(note, log.verifierKey)).toBe(true);
    const c = openCheckpoint(note, log.verifierKey);
    expect(c.size).toBe(2);
    expect(bytesToHex(c.rootHash)).toBe(bytesToHex(root));
  });

  const otherRoot = base64Encode(rootFromLeafHashes([leafHash(new Uint8Array([9]))]));
  const tampered: [string, (t: string) => string][] = [
    ['origin', (t) => t.replace('sealvote.example/m1\n', 'sealvote.example/m2\n')],
    ['size', (t) => t.replace('\n2\n', '\n3\n')],
    ['root', (t) => t.replace(base64Encode(root), otherRoot)],
    ['extension', (t) => t.replace('meeting m1', 'meeting m2')],
    ['removed extension', (t) => t.replace('meeting m1\n', '')],
  ];
  it.each(tampered)('fails when the %s changes', (_name, change) => {
    const text = change(body);
    expect(text).not.toBe(body);
    const forged = formatNote({ text, signatures: parseNote(note).signatures });
    expect(verifyNoteSignature(forged, log.verifierKey)).toBe(false);
    expect(() => openCheckpoint(forged, log.verifierKey)).toThrow(CryptoInputError);
  });
  it('fails when the key name or key id in the line changes', () => {
    const sig = parseNote(note).signatures[0]!;
    const renamed = formatNote({ text: body, signatures: [{ ...sig, name: 'sealvote.example/m2' }] });
    expect(verifyNoteSignature(renamed, log.verifierKey)).toBe(false);
    const id = sig.keyId.slice();
    id[3]! ^= 1;
    const reId = formatNote({ text: body, signatures: [{ ...sig, keyId: id }] });
    expect(verifyNoteSignature(reId, log.verifierKey)).toBe(false);
  });
  it('a checkpoint signed by another key fails, even alongside unknown lines', () => {
    const other = generateNoteKey('sealvote.example/m1');
    expect(verifyNoteSignature(signNote(body, other.signerKey), log.verifierKey)).toBe(false);
    // Lines of unknown keys are ignored (signed-note): the log's own line still decides.
    const logLine = note.slice(note.lastIndexOf('\n\n') + 2, -1);
    const both = addSignatureLines(signNote(body, other.signerKey), logLine);
    expect(verifyNoteSignature(both, log.verifierKey)).toBe(true);
    expect(verifyNoteSignature(both, other.verifierKey)).toBe(true);
  });
});
