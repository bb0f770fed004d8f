/**
 * Goal 1: verify a whole meeting. Every row verifies the same tokens of the same record, in the
 * same run, and must say "valid" — a row that rejects is a bug, not a fast result.
 */
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { verifyBallotSignature } from '../crypto/ballot';
import { verifyTokenBatch } from '../crypto/batch-verify';
import { pippenger } from '@noble/curves/abstract/curve.js';
import { bls12_381 } from '@noble/curves/bls12-381.js';
import { decodeIssuerPublicKey } from '../crypto/issuer-key';
import { decodeG1Signature, hashToken, pairingCheck, verifyToken } from '../crypto/token';
import { verifyRecord } from '../src/verifier';
import { verifyRecordNode } from '../src/verifier-node';
import { checkAgreement, initMcl, mclPublicKey, mclVerifyBatch, mclVerifyOne } from './lib/mcl';
import { BatchPool } from './lib/parallel';
import { recordTokens, type TokenGroup } from './lib/record-tokens';
import { REPO } from './lib/server';
import { median, repeat } from './lib/stats';

export interface VerifyRow {
  name: string;
  what: string;
  /** Median wall time for the whole record, ms. */
  ms: number;
  /** Per-run samples (ms); for an extrapolated row, the per-token samples. */
  samples: number[];
  note?: string;
}

export interface VerifyBench {
  tokens: number;
  ballots: number;
  groups: number;
  entries: number;
  rows: VerifyRow[];
  /** Name of the baseline row every ratio is taken against. */
  baseline: string;
  /** Name of the row measuring what `sealvote verify` runs by default (goal 1's figure for the CLI). */
  cliDefault: string;
  verifierPeakRss: number;
  workerStartMs: number;
  /** Where noble's batched time goes: medians of the parts, each scaled to the whole record. */
  breakdown: Array<{ part: string; perUnitMs: number; units: number; totalMs: number }>;
}

function must(ok: boolean, what: string): void {
  if (!ok) throw new Error(`${what} rejected the record's tokens: the benchmark is not measuring a valid verification`);
}

export async function benchVerify(record: { entries: string[] }, opts: { repeats: number; naiveSample: number; recordFile: string }): Promise<VerifyBench> {
  const { groups, ballots } = recordTokens(record);
  const tokens = groups.flatMap((g) => g.tokens.map((t) => ({ pk: g.publicKey, t })));
  const rows: VerifyRow[] = [];
  const row = (name: string, what: string, samples: number[], note?: string) => rows.push({ name, what, ms: median(samples), samples, ...(note ? { note } : {}) });

  // The noble rows take seconds each: no separate warm-up run, the first tokens warm the JIT.
  const whole = await repeat(opts.repeats, () => must(verifyRecord(record).ok, 'verifyRecord'), false);
  row('sealvote verifyRecord', 'the whole record: entries, Merkle root, checkpoints, tokens (batched per key), ballot signatures, tallies', whole);

  // What `sealvote verify` runs (src/verifier-node): thread start-up and mcl-wasm loading included.
  // `threads` counts the main thread (it takes jobs too) and threads − 1 workers.
  const cores = availableParallelism();
  const defaultRow = `sealvote verify (CLI default): verifyRecordNode, auto, ${cores} thread${cores > 1 ? 's' : ''}`;
  row(
    defaultRow,
    `the whole record as verifyRecord (same report), with the CLI's defaults: backend auto (mcl-wasm token batches after its self-test), Ed25519 (one rule) through OpenSSL, one thread per core (this one + ${cores - 1} worker${cores === 2 ? '' : 's'}, started while the record is parsed; start-up included)`,
    await repeat(opts.repeats, async () => must((await verifyRecordNode(record)).ok, 'verifyRecordNode defaults'), false),
  );
  for (const [threads, backend] of [[cores, 'noble'], [cores, 'mcl'], [1, 'mcl']] as const) {
    row(
      `sealvote verifyRecordNode, ${threads} thread${threads > 1 ? 's' : ''}, ${backend === 'mcl' ? 'mcl-wasm' : 'noble'}`,
      `the whole record as verifyRecord (same report), ${backend === 'mcl' ? 'token batches by mcl-wasm' : 'noble tokens'}, Ed25519 through OpenSSL${threads > 1 ? `, this thread + ${threads - 1} worker thread${threads > 2 ? 's' : ''}, thread start-up included` : ', in process'}`,
      await repeat(opts.repeats, async () => must((await verifyRecordNode(record, { threads, backend })).ok, `verifyRecordNode ${threads} ${backend}`), false),
    );
  }

  row('noble batched, 1 thread', 'tokens only: crypto/batch-verify.ts per issuer key', await repeat(opts.repeats, () => groups.forEach((g) => must(verifyTokenBatch(g.publicKey, g.tokens).ok, 'verifyTokenBatch')), false));

  const t0 = performance.now();
  const pool = await BatchPool.start(cores);
  const workerStartMs = performance.now() - t0;
  try {
    row(`noble batched, ${cores} workers`, `tokens only: the same batches, one worker thread per core (prototype, bench/lib/parallel.ts)`, await repeat(opts.repeats, async () => must(await pool.verify(groups), 'worker pool'), false));
  } finally {
    await pool.stop();
  }

  // One-by-one costs ~30 ms a token: time a sample, each token alone, and scale the median.
  const sample = tokens.filter((_, i) => i % Math.max(1, Math.floor(tokens.length / opts.naiveSample)) === 0).slice(0, opts.naiveSample);
  const perToken = sample.map(({ pk, t }) => {
    const s = performance.now();
    must(verifyToken(pk, t.keyId, t.ballotPk, t.signature), 'verifyToken');
    return performance.now() - s;
  });
  rows.push({ name: 'noble one-by-one', what: 'tokens only: crypto/token.ts verifyToken per token', ms: median(perToken) * tokens.length, samples: perToken, note: `median of ${sample.length} tokens × ${tokens.length}` });

  const perBallot = ballots.slice(0, opts.naiveSample).map((b) => {
    const s = performance.now();
    must(verifyBallotSignature(b), 'verifyBallotSignature');
    return performance.now() - s;
  });
  rows.push({ name: 'Ed25519 ballot signatures (noble)', what: 'ballots only: part of verifyRecord, not of the token baselines', ms: median(perBallot) * ballots.length, samples: perBallot, note: `median of ${perBallot.length} ballots × ${ballots.length}` });

  const breakdown = nobleBreakdown(groups, ballots.length, perBallot);

  await initMcl();
  checkAgreement();
  const mclGroups = groups.map((g) => ({ pk: mclPublicKey(g.publicKey), tokens: g.tokens }));
  row('mcl-wasm one-by-one', 'tokens only: hash (RFC 9380, our DST) + 2-pairing product per token', await repeat(opts.repeats, () => mclGroups.forEach((g) => g.tokens.forEach((t) => must(mclVerifyOne(g.pk, t), 'mcl one-by-one')))));
  row('mcl-wasm batched', 'tokens only: the same 128-bit small-exponent batch per issuer key (mulVec + one pairing product)', await repeat(opts.repeats, () => mclGroups.forEach((g) => must(mclVerifyBatch(g.pk, g.tokens), 'mcl batch'))));

  return {
    tokens: tokens.length,
    ballots: ballots.length,
    groups: groups.length,
    entries: record.entries.length,
    rows,
    baseline: 'mcl-wasm batched',
    cliDefault: defaultRow,
    verifierPeakRss: await verifierPeakRss(record, opts.recordFile),
    workerStartMs,
    breakdown,
  };
}

function timeEach<T>(xs: readonly T[], f: (x: T) => unknown): number[] {
  return xs.map((x) => {
    const s = performance.now();
    f(x);
    return performance.now() - s;
  });
}

/** The parts of crypto/batch-verify.ts, timed separately on the first (largest) group. */
function nobleBreakdown(groups: TokenGroup[], ballots: number, perBallot: number[]): VerifyBench['breakdown'] {
  const g = [...groups].sort((a, b) => b.tokens.length - a.tokens.length)[0]!;
  const tokenCount = groups.reduce((n, x) => n + x.tokens.length, 0);
  const hash = timeEach(g.tokens, (t) => hashToken(t.keyId, t.ballotPk));
  const decode = timeEach(g.tokens, (t) => decodeG1Signature(t.signature));
  const sigs = g.tokens.map((t) => decodeG1Signature(t.signature));
  const coeffs = g.tokens.map(() => BigInt(`0x${Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString('hex')}`) | 1n);
  const G1 = bls12_381.G1.Point;
  const msm = timeEach([0, 1, 2], () => pippenger(G1, sigs, coeffs));
  const pk = decodeIssuerPublicKey(g.publicKey);
  const pairing = timeEach([0, 1, 2], () => pairingCheck(sigs[0]!, sigs[1]!, pk));
  const row = (part: string, samples: number[], units: number) => ({ part, perUnitMs: median(samples), units, totalMs: median(samples) * units });
  return [
    row('hash-to-G1 (noble hashToCurve, our DST)', hash, tokenCount),
    row('decode token signature (sqrt + subgroup check)', decode, tokenCount),
    row(`MSM Σ rᵢ·Pᵢ (pippenger, ${g.tokens.length} points, 128-bit), two per group`, msm, 2 * groups.length),
    row('pairing product e(·, G2)·e(·, pk), one per group', pairing, groups.length),
    row('Ed25519 ballot signature (noble, strict)', perBallot, ballots),
  ];
}

/** The verifier alone in a fresh process: its peak RSS (getrusage maxrss) on this record. */
async function verifierPeakRss(record: unknown, file: string): Promise<number> {
  writeFileSync(file, JSON.stringify(record));
  const out = await new Promise<string>((ok, fail) =>
    execFile(process.execPath, ['--import', 'tsx', 'bench/verify-child.ts', file], { cwd: REPO, maxBuffer: 1 << 20 }, (err, stdout, stderr) => (err ? fail(new Error(`${err.message}\n${stderr}`)) : ok(stdout))),
  );
  const r = JSON.parse(out) as { ok: boolean; maxRssBytes: number };
  must(r.ok, 'verifier child');
  return r.maxRssBytes;
}
