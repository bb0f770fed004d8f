/**
 * The co-issuer's signed statements (crypto/coissuer-statements.ts): the key statement, the roll,
 * its identity key and fingerprint. Values from test/vectors/coissuance/shares-and-token.json.
 */
import { readFileSync } from 'node:fs';
import { sha256 } from '@noble/hashes/sha2.js';
import { describe, expect, it } from 'vitest';
import { bytesToHex, CryptoInputError, hexToBytes, utf8 } from '../../crypto/bytes';
import { canonicalize } from '../../crypto/jcs';
import {
  checkKeyStatement,
  coissuerFingerprint,
  coissuerPublicKey,
  generateCoissuerKey,
  keyStatementBytes,
  parseCoissuerSignerKey,
  parseKeyStatement,
  parseRoll,
  rollBytes,
  signKeyStatement,
  signRoll,
  verifyKeyStatement,
  verifyRoll,
  type KeyStatement,
  type Roll,
} from '../../crypto/coissuer-statements';
import { generateCosignerKey } from '../../crypto/cosignature';
import { formatVerifierKey } from '../../crypto/signed-note';

const V = JSON.parse(readFileSync(new URL('../vectors/coissuance/shares-and-token.json', import.meta.url), 'utf8'));
const seed = hexToBytes(V.coissuerSeed, 32);
const publicKey = hexToBytes(V.coissuerPublicKey, 32);

const statement: KeyStatement = {
  v: 1,
  meeting: V.context.meeting,
  item: V.context.item,
  round: 1,
  purpose: 'vote',
  class: 'A',
  public_key: V.combined.publicKey,
  key_id: V.combined.keyId,
  shares: { service: { public_key: V.service.publicKey, pop: V.service.pop }, commission: { public_key: V.commission.publicKey, pop: V.commission.pop } },
};
const roll: Roll = { v: 1, meeting: 'vector-meeting', item: 'item-1', round: 1, purpose: 'vote', class: 'A', key_id: V.combined.keyId, present: ['p1', 'p2', 'p3'], issued: ['p1', 'p3'] };

function flipHex(hex: string, i = 0): string {
  const c = hex[i] === '0' ? '1' : '0';
  return hex.slice(0, i) + c + hex.slice(i + 1);
}

describe('key statement', () => {
  it('signs "sealvote/coissuer/key/v1\\n" || JCS(K)', () => {
    expect(new TextDecoder().decode(keyStatementBytes(statement))).toBe(`sealvote/coissuer/key/v1\n${canonicalize(statement)}`);
    const sig = signKeyStatement(seed, statement);
    expect(verifyKeyStatement(publicKey, statement, sig)).toBe(true);
  });

  it('the vectors are a sound combined key; each wrong share, proof or sum is named', () => {
    expect(checkKeyStatement(statement)).toBeNull();
    const s = statement.shares;
    expect(checkKeyStatement({ ...statement, shares: { ...s, service: { ...s.service, pop: s.commission.pop } } })).toBe('service_pop');
    expect(checkKeyStatement({ ...statement, shares: { ...s, commission: { ...s.commission, pop: s.service.pop } } })).toBe('commission_pop');
    expect(checkKeyStatement({ ...statement, public_key: V.service.publicKey })).toBe('combined_key');
    expect(checkKeyStatement({ ...statement, key_id: flipHex(V.combined.keyId) })).toBe('key_id');
  });

  it('a signature fails after any field changes', () => {
    const sig = signKeyStatement(seed, statement);
    const changed: KeyStatement[] = [
      { ...statement, meeting: 'other' },
      { ...statement, item: 'item-2' },
      { ...statement, round: 2 },
      { ...statement, purpose: 'motion' },
      { ...statement, class: 'B' },
      { ...statement, public_key: V.service.publicKey },
      { ...statement, key_id: flipHex(V.combined.keyId, 5) },
      { ...statement, shares: { ...statement.shares, commission: { ...statement.shares.commission, pop: V.service.pop } } },
    ];
    for (const k of changed) expect(verifyKeyStatement(publicKey, k, sig)).toBe(false);
    expect(verifyKeyStatement(publicKey, statement, flipHex(sig, 3))).toBe(false);
    expect(verifyKeyStatement(publicKey, statement, sig.slice(2))).toBe(false);
    expect(verifyKeyStatement(new Uint8Array(32).fill(1), statement, sig)).toBe(false);
  });

  it('is parsed strictly', () => {
    const bad: unknown[] = [
      null,
      [],
      { ...statement, v: 2 },
      { ...statement, extra: 1 },
      { ...statement, round: 0 },
      { ...statement, round: 1.5 },
      { ...statement, purpose: 'other' },
      { ...statement, purpose: 'motion', class: 'B' },
      { ...statement, class: 'C' },
      { ...statement, item: '' },
      { ...statement, key_id: V.combined.keyId.toUpperCase() },
      { ...statement, public_key: V.combined.publicKey.slice(2) },
      { ...statement, shares: { service: statement.shares.service } },
      { ...statement, shares: { ...statement.shares, commission: { public_key: V.commission.publicKey } } },
    ];
    for (const b of bad) expect(() => parseKeyStatement(b)).toThrow(CryptoInputError);
    const { meeting: _m, ...missing } = statement;
    expect(() => parseKeyStatement(missing)).toThrow(CryptoInputError);
  });
});

describe('roll', () => {
  it('signs "sealvote/coissuer/roll/v1\\n" || JCS(R), and fails after any change', () => {
    expect(new TextDecoder().decode(rollBytes(roll))).toBe(`sealvote/coissuer/roll/v1\n${canonicalize(roll)}`);
    const sig = signRoll(seed, roll);
    expect(verifyRoll(publicKey, roll, sig)).toBe(true);
    for (const r of [
      { ...roll, issued: ['p1'] },
      { ...roll, issued: ['p1', 'p2', 'p3'] },
      { ...roll, present: ['p1', 'p3'] },
      { ...roll, class: 'B' as const },
      { ...roll, round: 2 },
      { ...roll, key_id: flipHex(roll.key_id) },
    ]) {
      expect(verifyRoll(publicKey, r, sig)).toBe(false);
    }
  });

  it('needs sorted unique ids, and issued within present', () => {
    expect(() => parseRoll({ ...roll, present: ['p2', 'p1', 'p3'] })).toThrow(/sorted/);
    expect(() => parseRoll({ ...roll, issued: ['p1', 'p1'] })).toThrow(/sorted/);
    expect(() => parseRoll({ ...roll, issued: ['p1', 'p9'] })).toThrow(/not in present/);
    expect(() => parseRoll({ ...roll, present: [''] })).toThrow(CryptoInputError);
    expect(() => parseRoll({ ...roll, issued: 'p1' })).toThrow(CryptoInputError);
    expect(parseRoll({ ...roll, present: [], issued: [] }).issued).toEqual([]);
  });
});

describe('identity key', () => {
  it('a generated key parses back, and its verifier key gives its Ed25519 public key', () => {
    const { signerKey, verifierKey } = generateCoissuerKey('sealvote-coissuer-test');
    const id = parseCoissuerSignerKey(`${signerKey}\n`);
    expect(id.verifierKey).toBe(verifierKey);
    expect(bytesToHex(coissuerPublicKey(verifierKey))).toBe(bytesToHex(id.publicKey));
  });

  it('refuses a cosigner (type 0x04) key: one key, one job', () => {
    const cosigner = generateCosignerKey('sealvote-discipline-test');
    expect(() => parseCoissuerSignerKey(cosigner.signerKey)).toThrow(/type 0x01/);
    expect(() => coissuerPublicKey(cosigner.verifierKey)).toThrow(/type 0x01/);
  });

  it('fingerprint = first 10 bytes of SHA-256(verifier key) in groups of five', () => {
    const vkey = formatVerifierKey({ name: 'sealvote-coissuer-vector', type: 0x01, publicKey });
    const hex = bytesToHex(sha256(utf8(vkey))).slice(0, 20);
    expect(coissuerFingerprint(vkey)).toBe(`${hex.slice(0, 5)} ${hex.slice(5, 10)} ${hex.slice(10, 15)} ${hex.slice(15, 20)}`);
    expect(() => coissuerFingerprint('not a key')).toThrow();
  });
});
