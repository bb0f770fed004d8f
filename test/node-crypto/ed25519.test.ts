/**
 * The OpenSSL fast path (src/node-crypto/ed25519.ts) must give the one rule's answer
 * (crypto/ed25519.ts) on every input: valid signatures, each byte changed, the RFC 8032 §7.1
 * vectors, the splitting signatures of test/crypto/ed25519-cases.ts (torsion R, torsion A,
 * small-order A, non-canonical A/R, S ≥ L), arbitrary bytes. And on everything the rule accepts,
 * plain OpenSSL and noble (strict and zip215) accept too: one answer for every library.
 */
import { createPublicKey, verify as opensslVerify } from 'node:crypto';
import { ed25519 } from '@noble/curves/ed25519.js';
import { bytesToNumberLE, numberToBytesLE } from '@noble/curves/utils.js';
import { sha512 as sha512Hash } from '@noble/hashes/sha2.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { newBallotKey, signBallot, verifyBallotSignature } from '../../crypto/ballot';
import { hexToBytes } from '../../crypto/bytes';
import { verifyEd25519 } from '../../crypto/ed25519';
import { ed25519Signer, verifyBallotSignatureFast, verifyEd25519Fast } from '../../src/node-crypto/ed25519';
import { splittingCases, T8, torsionA, torsionAandR, torsionR } from '../crypto/ed25519-cases';

const P = 2n ** 255n - 19n;
const agree = (sig: Uint8Array, msg: Uint8Array, pk: Uint8Array) => expect(verifyEd25519Fast(sig, msg, pk)).toBe(verifyEd25519(sig, msg, pk));

/** OpenSSL alone, as any cofactorless verifier would answer. */
function openssl(sig: Uint8Array, msg: Uint8Array, pk: Uint8Array): boolean {
  try {
    const spki = Buffer.concat([Buffer.from('302a300506032b6570032100', 'hex'), pk]);
    return opensslVerify(null, msg, createPublicKey({ key: spki, format: 'der', type: 'spki' }), sig);
  } catch {
    return false;
  }
}

function signed(msg = new TextEncoder().encode('ballot')) {
  const sk = ed25519.utils.randomSecretKey();
  return { msg, pk: ed25519.getPublicKey(sk), sig: ed25519.sign(msg, sk) };
}

describe('verifyEd25519Fast', () => {
  it('accepts RFC 8032 §7.1 TEST 1 and TEST 2', () => {
    // RFC 8032 §7.1, Ed25519 test vectors 1 (empty message) and 2 (one byte 0x72).
    const t1 = {
      pk: 'd75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a',
      sig: 'e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b',
      msg: '',
    };
    const t2 = {
      pk: '3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c',
      sig: '92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00',
      msg: '72',
    };
    for (const t of [t1, t2]) expect(verifyEd25519Fast(hexToBytes(t.sig), hexToBytes(t.msg), hexToBytes(t.pk))).toBe(true);
  });

  it('agrees with the rule when any byte of the signature, message or key changes', () => {
    const { msg, pk, sig } = signed();
    agree(sig, msg, pk);
    for (const [which, bytes] of [['sig', sig], ['msg', msg], ['pk', pk]] as const) {
      for (let i = 0; i < bytes.length; i++) {
        const changed = bytes.slice();
        changed[i]! ^= 1 << (i % 8);
        const args = { sig, msg, pk, [which]: changed };
        expect(verifyEd25519Fast(args.sig, args.msg, args.pk)).toBe(false);
        agree(args.sig, args.msg, args.pk);
      }
    }
  });

  it('refuses every splitting signature, including those OpenSSL alone accepts', () => {
    const msg = new TextEncoder().encode('split');
    const sk = ed25519.utils.randomSecretKey();
    for (const c of splittingCases(sk, msg)) {
      expect(verifyEd25519Fast(c.sig, c.msg, c.pk), c.name).toBe(false);
      agree(c.sig, c.msg, c.pk);
    }
    // The torsion-A cases are exactly where OpenSSL's plain answer is yes: the X25519 probe refuses them.
    const a = torsionA(sk, msg);
    expect(openssl(a.sig, a.msg, a.pk)).toBe(true);
    const ar = torsionAandR(sk, msg);
    expect(openssl(ar.sig, ar.msg, ar.pk)).toBe(true);
    // And a torsion R is where OpenSSL said no and the old fallback to noble said yes.
    const r = torsionR(sk, msg);
    expect(openssl(r.sig, r.msg, r.pk)).toBe(false);
    expect(ed25519.verify(r.sig, r.msg, r.pk, { zip215: false })).toBe(true);
  });

  it('detects a torsion component of every order in the key (the X25519 probe)', () => {
    const msg = new TextEncoder().encode('probe');
    const sk = ed25519.utils.randomSecretKey();
    const { scalar: a } = ed25519.utils.getExtendedPublicKey(sk);
    for (let j = 1n; j < 8n; j++) {
      // A' = [a]B + [j]T: torsion of order 8, 4 or 2; signed so the cofactorless equation holds when [k·j]T = O.
      const A = ed25519.Point.BASE.multiply(a).add(T8.multiply(j)).toBytes();
      for (;;) {
        const r = bytesToNumberLE(crypto.getRandomValues(new Uint8Array(64))) % ED_L;
        const R = ed25519.Point.BASE.multiply(r).toBytes();
        const k = bytesToNumberLE(sha512(R, A, msg)) % ED_L;
        if ((k * j) % 8n !== 0n) continue;
        const sig = new Uint8Array(64);
        sig.set(R, 0);
        sig.set(numberToBytesLE((r + k * a) % ED_L, 32), 32);
        expect(openssl(sig, msg, A)).toBe(true);
        expect(verifyEd25519Fast(sig, msg, A)).toBe(false);
        break;
      }
    }
  });

  it('refuses every small-order key, in each encoding strict decoding would decode or refuse', () => {
    const { msg, sig } = signed();
    let Q = ed25519.Point.ZERO;
    for (let i = 0; i < 8; i++, Q = Q.add(T8)) {
      const enc = Q.toBytes();
      const flipped = enc.slice();
      flipped[31]! ^= 0x80;
      const plusP = numberToBytesLE((bytesToNumberLE(enc) & (2n ** 255n - 1n)) + P, 32);
      // y + p still fits in 255 bits only for the smallest y (y = 0 and y = 1 here).
      const encodings = plusP[31]! < 0x80 ? [enc, flipped, plusP] : [enc, flipped];
      for (const pk of encodings) {
        expect(verifyEd25519Fast(sig, msg, pk)).toBe(false);
        agree(sig, msg, pk);
      }
    }
  });

  it('agrees with the rule on keys that are not on the curve', () => {
    const { msg, sig } = signed();
    let tried = 0;
    for (let y = 2n; tried < 20; y++) {
      const pk = numberToBytesLE(y, 32);
      try {
        ed25519.Point.fromBytes(pk, false);
      } catch {
        tried++;
        expect(verifyEd25519Fast(sig, msg, pk)).toBe(false);
        agree(sig, msg, pk);
      }
    }
  });

  it('agrees with the rule on valid, mutated and torsion-mixed signatures; OpenSSL and noble accept all it accepts (fast-check)', () => {
    const mixes = fc.record({
      sk: fc.uint8Array({ minLength: 32, maxLength: 32 }),
      msg: fc.uint8Array({ maxLength: 80 }),
      torsionR: fc.integer({ min: 0, max: 7 }),
      flip: fc.option(fc.integer({ min: 0, max: 64 * 8 - 1 }), { nil: undefined }),
    });
    fc.assert(
      fc.property(mixes, ({ sk, msg, torsionR: j, flip }) => {
        const pk = ed25519.getPublicKey(sk);
        const sig = ed25519.sign(msg, sk);
        if (j > 0) sig.set(ed25519.Point.fromBytes(sig.subarray(0, 32)).add(T8.multiply(BigInt(j))).toBytes(), 0);
        if (flip !== undefined) sig[flip >> 3]! ^= 1 << (flip & 7);
        const fast = verifyEd25519Fast(sig, msg, pk);
        expect(fast).toBe(verifyEd25519(sig, msg, pk));
        if (fast) {
          expect(openssl(sig, msg, pk)).toBe(true);
          expect(ed25519.verify(sig, msg, pk, { zip215: false })).toBe(true);
          expect(ed25519.verify(sig, msg, pk, { zip215: true })).toBe(true);
        }
      }),
      { numRuns: 150 },
    );
  });

  it('agrees with the rule on arbitrary bytes (fast-check)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 64, maxLength: 64 }), fc.uint8Array({ maxLength: 80 }), fc.uint8Array({ minLength: 32, maxLength: 32 }), (sig, msg, pk) => {
        expect(verifyEd25519Fast(sig, msg, pk)).toBe(verifyEd25519(sig, msg, pk));
      }),
      { numRuns: 200 },
    );
  });

  it('throws on wrong lengths, like the rule', () => {
    const { msg, pk, sig } = signed();
    expect(() => verifyEd25519Fast(sig.subarray(1), msg, pk)).toThrow();
    expect(() => verifyEd25519Fast(sig, msg, pk.subarray(1))).toThrow();
  });
});

describe('verifyBallotSignatureFast', () => {
  it('answers as verifyBallotSignature on a valid ballot and on each changed field', () => {
    const key = newBallotKey();
    const hex = (n: number, b: number) => Array.from({ length: n }, () => b.toString(16).padStart(2, '0')).join('');
    const ballot = signBallot(
      {
        v: 1,
        meeting: 'm1',
        item: 'i1',
        round: 1,
        class: 'A',
        key_id: hex(32, 1),
        ballot_pk: Buffer.from(key.publicKey).toString('hex'),
        token_sig: hex(48, 2),
        choices: { n1: 'approve' },
      },
      key.secretKey,
    );
    expect(verifyBallotSignatureFast(ballot)).toBe(true);
    const changes = [
      { ...ballot, round: 2 },
      { ...ballot, class: 'B' as const },
      { ...ballot, item: 'i2' },
      { ...ballot, choices: { n1: 'disapprove' as const } },
      { ...ballot, sig: ballot.sig.replace(/^./, (c) => (c === '0' ? '1' : '0')) },
      { ...ballot, extra: 1 } as unknown as typeof ballot,
    ];
    for (const changed of changes) {
      expect(verifyBallotSignatureFast(changed)).toBe(false);
      expect(verifyBallotSignature(changed)).toBe(false);
    }
  });
});

const ED_L = 2n ** 252n + 27742317777372353535851937790883648493n;

function sha512(...parts: Uint8Array[]): Uint8Array {
  const h = sha512Hash.create();
  for (const p of parts) h.update(p);
  return h.digest();
}

describe('ed25519Signer (the co-issuer CLI signs its answers through OpenSSL)', () => {
  it('gives the RFC 8032 §7.1 TEST 3 signature', () => {
    const seed = hexToBytes('c5aa8df43f9f837bedb7442f31dcb7b166d38535076f094b85ce3a2e0b4458f7', 32);
    const message = hexToBytes('af82', 2);
    expect(Buffer.from(ed25519Signer(seed)(message)).toString('hex')).toBe(
      '6291d657deec24024827e69c3abe01a30ce548a284743a445e3680d7db5ac3ac18ff9b538d16f290ae67f760984dc6594a7c15e9716ed28dc027beceea1ec40a',
    );
  });

  it("signs any message with any seed exactly as noble does (property)", () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 32, maxLength: 32 }), fc.uint8Array({ maxLength: 300 }), (seed, message) => {
        expect(Buffer.from(ed25519Signer(seed)(message)).toString('hex')).toBe(Buffer.from(ed25519.sign(message, seed)).toString('hex'));
      }),
      { numRuns: 50 },
    );
  });

  it('refuses a seed that is not 32 bytes', () => {
    expect(() => ed25519Signer(new Uint8Array(31))).toThrow(/32 bytes/);
  });
});
