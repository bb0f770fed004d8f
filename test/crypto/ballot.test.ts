import { describe, expect, it } from 'vitest';
import { ed25519 } from '@noble/curves/ed25519.js';
import {
  type BallotBody,
  type SignedBallot,
  ballotReceipt,
  ballotSigningBytes,
  newBallotKey,
  parseSignedBallot,
  signBallot,
  verifyBallotSignature,
} from '../../crypto/ballot';
import { entryLeafHash } from '../../crypto/log-entry';
import { CryptoInputError, bytesToHex, hexToBytes } from '../../crypto/bytes';

// RFC 8032 §7.1, TEST 1.
const RFC_SK = hexToBytes('9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60');
const RFC_PK = 'd75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a';
const RFC_SIG = 'e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b';
// Ed25519 group order L (RFC 8032 §5.1).
const L = 2n ** 252n + 27742317777372353535851937790883648493n;

function leToBigint(b: Uint8Array): bigint {
  let n = 0n;
  for (let i = b.length - 1; i >= 0; i--) n = (n << 8n) | BigInt(b[i]!);
  return n;
}
function bigintToLe(n: bigint, len: number): Uint8Array {
  const out = new Uint8Array(len);
  for (let i = 0; i < len; i++) out[i] = Number((n >> BigInt(8 * i)) & 0xffn);
  return out;
}

function body(pk: Uint8Array): BallotBody {
  return {
    v: 1, meeting: 'm-2024-05', item: 'item-3', round: 1, class: 'A',
    key_id: 'ab'.repeat(32), ballot_pk: bytesToHex(pk), token_sig: 'cd'.repeat(48),
    choices: { 'nominee-1': 'approve', 'nominee-2': 'abstain' },
  };
}

describe('RFC 8032 §7.1 test 1 and strictness', () => {
  it('the library reproduces test vector 1', () => {
    expect(bytesToHex(ed25519.getPublicKey(RFC_SK))).toBe(RFC_PK);
    expect(bytesToHex(ed25519.sign(new Uint8Array(0), RFC_SK))).toBe(RFC_SIG);
    expect(ed25519.verify(hexToBytes(RFC_SIG), new Uint8Array(0), hexToBytes(RFC_PK), { zip215: false })).toBe(true);
  });
  it('a ballot signed with the RFC key carries the RFC public key and verifies', () => {
    const ballot = signBallot(body(hexToBytes(RFC_PK)), RFC_SK);
    expect(ballot.ballot_pk).toBe(RFC_PK);
    expect(verifyBallotSignature(ballot)).toBe(true);
  });
  it('rejects a non-canonical S (S + L)', () => {
    const ballot = signBallot(body(hexToBytes(RFC_PK)), RFC_SK);
    const sig = hexToBytes(ballot.sig);
    const s = leToBigint(sig.subarray(32));
    expect(s).toBeLessThan(L);
    const sPlusL = bigintToLe(s + L, 32);
    const forged = { ...ballot, sig: bytesToHex(sig.subarray(0, 32)) + bytesToHex(sPlusL) };
    expect(forged.sig).not.toBe(ballot.sig);
    expect(verifyBallotSignature(forged)).toBe(false);
  });
  it('rejects a small-order public key that the permissive rule would accept', () => {
    // A = identity (y = 1), R = identity, S = 0: [8]SB = [8](R + kA) holds for every message.
    const identity = '01' + '00'.repeat(31);
    const forged: SignedBallot = { ...body(hexToBytes(identity)), sig: identity + '00'.repeat(32) };
    const msg = ballotSigningBytes({ ...body(hexToBytes(identity)) });
    expect(ed25519.verify(hexToBytes(forged.sig), msg, hexToBytes(identity), { zip215: true })).toBe(true);
    expect(verifyBallotSignature(forged)).toBe(false);
  });
});

describe('sign and verify', () => {
  const key = newBallotKey();
  const ballot = signBallot(body(key.publicKey), key.secretKey);

  it('verifies a fresh ballot', () => {
    expect(ballot.sig).toMatch(/^[0-9a-f]{128}$/);
    expect(verifyBallotSignature(ballot)).toBe(true);
    expect(parseSignedBallot(JSON.parse(JSON.stringify(ballot)))).toEqual(ballot);
  });
  it('refuses to sign with a key that is not ballot_pk', () => {
    const other = newBallotKey();
    expect(() => signBallot(body(key.publicKey), other.secretKey)).toThrow(CryptoInputError);
  });
  it('signs the prefix and canonical JSON', () => {
    const text = new TextDecoder().decode(ballotSigningBytes(body(key.publicKey)));
    expect(text.startsWith('sealvote/ballot/v1\n{"ballot_pk":"')).toBe(true);
    expect(text.endsWith(`"token_sig":"${'cd'.repeat(48)}","v":1}`)).toBe(true);
  });

  const changes: [string, Partial<SignedBallot>][] = [
    ['v', { v: 2 as never }],
    ['meeting', { meeting: 'm-2024-06' }],
    ['item', { item: 'item-4' }],
    ['round', { round: 2 }],
    ['class', { class: 'B' }],
    ['key_id', { key_id: 'ac' + 'ab'.repeat(31) }],
    ['ballot_pk', { ballot_pk: bytesToHex(newBallotKey().publicKey) }],
    ['token_sig', { token_sig: 'ce' + 'cd'.repeat(47) }],
    ['a choice', { choices: { 'nominee-1': 'disapprove', 'nominee-2': 'abstain' } }],
    ['a nominee', { choices: { 'nominee-9': 'approve', 'nominee-2': 'abstain' } }],
    ['an added nominee', { choices: { 'nominee-1': 'approve', 'nominee-2': 'abstain', 'nominee-3': 'abstain' } }],
    ['sig', { sig: (ballot.sig[0] === '0' ? '1' : '0') + ballot.sig.slice(1) }],
  ];
  it.each(changes)('fails when %s changes', (_name, change) => {
    const changed = { ...ballot, ...change } as SignedBallot;
    expect(verifyBallotSignature(changed)).toBe(false);
  });
  it('returns false, not an exception, on malformed input', () => {
    expect(verifyBallotSignature({ ...ballot, sig: 'zz' } as SignedBallot)).toBe(false);
    expect(verifyBallotSignature(null as never)).toBe(false);
  });
  it('receipt is the leaf hash of the ballot entry', () => {
    const receipt = ballotReceipt(ballot);
    expect(receipt).toBe(bytesToHex(entryLeafHash({ type: 'ballot', ballot })));
    expect(ballotReceipt({ ...ballot, round: 2 })).not.toBe(receipt);
  });
});

describe('parseSignedBallot', () => {
  const key = newBallotKey();
  const good = signBallot(body(key.publicKey), key.secretKey) as unknown as Record<string, unknown>;
  const without = (k: string): Record<string, unknown> => {
    const { [k]: _drop, ...rest } = good;
    return rest;
  };
  const bad: [string, unknown][] = [
    ['not an object', 'ballot'],
    ['an array', []],
    ['extra key', { ...good, extra: 1 }],
    ['missing sig', without('sig')],
    ['missing choices', without('choices')],
    ['missing meeting', without('meeting')],
    ['uppercase hex', { ...good, key_id: 'AB'.repeat(32) }],
    ['short key_id', { ...good, key_id: 'ab'.repeat(31) }],
    ['odd ballot_pk', { ...good, ballot_pk: `${String(good.ballot_pk).slice(0, 63)}` }],
    ['token_sig of 96 bytes', { ...good, token_sig: 'cd'.repeat(96) }],
    ['non-hex token_sig', { ...good, token_sig: 'zz'.repeat(48) }],
    ['long sig', { ...good, sig: `${String(good.sig)}00` }],
    ['class C', { ...good, class: 'C' }],
    ['round 0', { ...good, round: 0 }],
    ['round 1.5', { ...good, round: 1.5 }],
    ['round as string', { ...good, round: '1' }],
    ['v 2', { ...good, v: 2 }],
    ['empty meeting', { ...good, meeting: '' }],
    ['empty choices', { ...good, choices: {} }],
    ['bad choice', { ...good, choices: { n1: 'yes' } }],
    ['choices array', { ...good, choices: ['approve'] }],
  ];
  it.each(bad)('refuses %s', (_name, json) => {
    expect(() => parseSignedBallot(json)).toThrow(CryptoInputError);
  });
  it('accepts the good one', () => {
    expect(parseSignedBallot(good)).toEqual(good);
  });
});
