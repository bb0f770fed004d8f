/**
 * The report must not depend on where the cryptography runs: verifyRecord (in process, noble)
 * and verifyRecordAsync with a worker pool (noble or mcl-wasm) or with mcl-wasm in process give
 * EQUAL reports — same checks, same first failure, same bad entries — on the valid record and
 * on tampered ones.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyRecord, verifyRecordAsync, verifyTokenGroups, type MeetingRecord, type TokenGroupsVerifier, type VerifyReport } from '../../src/verifier';
import { jobRunner, loadMcl, verifyRecordNode, VerifierPool } from '../../src/verifier-node';
import { ballotSigningBytes, type SignedBallot } from '../../crypto/ballot';
import { bytesToHex } from '../../crypto/bytes';
import { torsionR } from '../crypto/ed25519-cases';
import { findEntry, newKeys, standardMeeting, tamper, type Keys, type MeetingBuilder } from './fixtures';

type E = Record<string, any>;

let keys: Keys;
let builder: MeetingBuilder;
let clean: MeetingRecord;
let nobles: VerifierPool;
let mcls: VerifierPool;
let mclInProcess: TokenGroupsVerifier;
/** The valid record and each tamper case, with verifyRecord's report: made once, compared by every test. */
let cases: Array<[string, MeetingRecord, VerifyReport]>;

beforeAll(async () => {
  keys = newKeys();
  builder = standardMeeting(keys);
  clean = builder.record({ cosign: ['organization', 'discipline'] });
  const records: Array<[string, MeetingRecord]> = [['the valid record', clean], ...CASES.map(([name, edit]): [string, MeetingRecord] => [name, tamper(clean, keys, (es) => edit(es as E[]))])];
  cases = records.map(([name, record]) => [name, record, verifyRecord(record)]);
  const mcl = await loadMcl();
  mclInProcess = (groups) => groups.map((g) => mcl.verifyGroup(g));
  [nobles, mcls] = await Promise.all([VerifierPool.start(2, 'noble'), VerifierPool.start(2, 'mcl')]);
}, 180_000);

afterAll(async () => {
  await Promise.all([nobles?.stop(), mcls?.stop()]);
});

const ballotAt = (entries: E[], n: number) => entries.filter((e) => e.type === 'ballot')[n]!;

/** Each edit a dishonest server could make to the cryptographic parts of the log. */
const CASES: Array<[string, (entries: E[]) => void]> = [
  ['a changed choice', (es) => void (ballotAt(es, 0).ballot.choices.nom_1 = ballotAt(es, 0).ballot.choices.nom_1 === 'approve' ? 'disapprove' : 'approve')],
  ['two tokens swapped', (es) => {
    const [a, b] = [ballotAt(es, 1).ballot, ballotAt(es, 2).ballot];
    [a.token_sig, b.token_sig] = [b.token_sig, a.token_sig];
  }],
  ['a garbage token', (es) => void (ballotAt(es, 3).ballot.token_sig = 'ff'.repeat(48))],
  ['an identity token', (es) => void (ballotAt(es, 4).ballot.token_sig = `c0${'00'.repeat(47)}`)],
  ['an identity issuer key', (es) => {
    es[findEntry(es as never, (e) => e.type === 'key')]!.public_key = `c0${'00'.repeat(95)}`;
  }],
  ['a dropped ballot', (es) => void es.splice(findEntry(es as never, (e) => e.type === 'ballot'), 1)],
  // The signature itself, message untouched: OpenSSL refuses, noble must then refuse too.
  ['a flipped ballot signature bit', (es) => {
    const b = ballotAt(es, 5).ballot;
    b.sig = `${b.sig.slice(0, 10)}${(parseInt(b.sig.slice(10, 12), 16) ^ 1).toString(16).padStart(2, '0')}${b.sig.slice(12)}`;
  }],
  // S + L: the same point equation, refused by the strict check only (RFC 8032 §5.1.7).
  ['a non-canonical signature S (S + L)', (es) => {
    const b = ballotAt(es, 6).ballot;
    const le = (hex: string) => BigInt(`0x${hex.match(/../g)!.reverse().join('')}`);
    const s = le(b.sig.slice(64)) + 2n ** 252n + 27742317777372353535851937790883648493n;
    b.sig = b.sig.slice(0, 64) + s.toString(16).padStart(64, '0').match(/../g)!.reverse().join('');
  }],
  // By the ballot's own key, with a torsion component in R: noble's cofactored check alone accepts (issue 14).
  ['a ballot signature with a torsion R', (es) => {
    const b = ballotAt(es, 7).ballot as SignedBallot;
    const { sig: _sig, ...body } = b;
    b.sig = bytesToHex(torsionR(builder.ballotKeys.get(b.ballot_pk)!, ballotSigningBytes(body)).sig);
  }],
];

describe('verifyRecordAsync gives verifyRecord report whichever backend runs', () => {
  it('on the valid record and on each tamper case', async () => {
    const seen = new Set<string>();
    for (const [name, record, reference] of cases) {
      seen.add(reference.firstFailure?.id ?? 'ok');
      expect(await verifyRecordAsync(record), `${name}, defaults`).toEqual(reference);
      expect(await verifyRecordAsync(record, { tokenVerifier: mclInProcess }), `${name}, mcl in process`).toEqual(reference);
      expect(await verifyRecordAsync(record, { tokenVerifier: nobles.tokenVerifier, signatureVerifier: nobles.signatureVerifier }), `${name}, 2 noble threads`).toEqual(reference);
      expect(await verifyRecordAsync(record, { tokenVerifier: mcls.tokenVerifier, signatureVerifier: mcls.signatureVerifier }), `${name}, 2 mcl threads`).toEqual(reference);
    }
    // The cases reach the cryptographic checks, not only the structural ones.
    expect([...seen].sort()).toEqual(['ballot-signatures', 'key-before-token', 'ok', 'tally-counts', 'token-signatures'].sort());
  }, 400_000);

  it('names the bad token entries a backend reports, and rejects when a backend fails', async () => {
    const report = await verifyRecordAsync(clean, {
      tokenVerifier: (groups) => groups.map((g, i) => (i === 1 ? { ok: false, bad: [0] } : { ok: true, bad: [] })),
    });
    expect(report.firstFailure?.id).toBe('token-signatures');
    expect(report.firstFailure?.entry).toBeGreaterThan(0);
    await expect(verifyRecordAsync(clean, { signatureVerifier: () => Promise.reject(new Error('worker died')) })).rejects.toThrow('worker died');
  });

  it('reports progress from the token groups', async () => {
    const fractions: number[] = [];
    await verifyRecordAsync(clean, { tokenVerifier: verifyTokenGroups, onProgress: (p) => fractions.push(p.fraction) });
    expect(fractions[fractions.length - 1]).toBe(1);
    expect(fractions.filter((f) => f > 0.4 && f < 1).length).toBeGreaterThan(1);
  });
});

describe('verifyRecordNode', () => {
  it('verifies with threads and mcl-wasm as verifyRecord does', async () => {
    const [, tampered, tamperedReport] = cases[2]!;
    expect(await verifyRecordNode(clean, { threads: 2, backend: 'mcl' })).toEqual(cases[0]![2]);
    expect(await verifyRecordNode(tampered, { threads: 1, backend: 'mcl' })).toEqual(tamperedReport);
  }, 180_000);

  it('gives verifyRecord report on every case: default (auto), in process and on threads, fast Ed25519 everywhere', async () => {
    for (const [name, record, reference] of cases) {
      for (const opts of [{}, { threads: 1 }, { threads: 1, backend: 'noble' as const }, { threads: 2, backend: 'auto' as const }]) {
        const notices: string[] = [];
        expect(await verifyRecordNode(record, { ...opts, onNotice: (m) => notices.push(m) }), `${name}, ${JSON.stringify(opts)}`).toEqual(reference);
        // mcl-wasm is a dependency: auto uses it without a word.
        expect(notices, `${name}, ${JSON.stringify(opts)}`).toEqual([]);
      }
    }
    expect(await verifyRecordNode(clean, { threads: 3, backend: 'noble' })).toEqual(cases[0]![2]);
  }, 400_000);

  it('reports a tampered ballot signature from the OpenSSL path, in process and in workers', async () => {
    for (const [name, record, reference] of cases.slice(-3)) {
      expect(reference.firstFailure?.id, name).toBe('ballot-signatures');
      expect(await verifyRecordNode(record, { threads: 1 }), name).toEqual(reference);
      expect(await verifyRecordAsync(record, { tokenVerifier: () => [], signatureVerifier: nobles.signatureVerifier }).then((r) => r.checks.find((c) => c.id === 'ballot-signatures')), `${name}, workers`).toEqual(
        reference.checks.find((c) => c.id === 'ballot-signatures'),
      );
    }
  }, 180_000);

  it('runs every job on the main thread when the pool has no worker (threads − 1 = 0 workers, helper only)', async () => {
    const pool = VerifierPool.launch(0, 'noble', { helper: jobRunner('noble') });
    try {
      expect(await verifyRecordAsync(clean, { tokenVerifier: pool.tokenVerifier, signatureVerifier: pool.signatureVerifier })).toEqual(cases[0]![2]);
    } finally {
      await pool.stop();
    }
  });

  it('refuses a thread count that is not a positive integer', async () => {
    await expect(verifyRecordNode(clean, { threads: 0 })).rejects.toThrow(RangeError);
  });
});
