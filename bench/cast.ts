/**
 * Goal 2, casting: the 200-tablet burst against two servers in the same run — one with the
 * micro-batched token check (src/domain/live/token-batcher.ts, the default) and one forced to
 * batches of one (SEALVOTE_CAST_BATCH_MAX=1: one verifyToken per cast, the code before
 * batching) — so the ratio holds on a busy machine. The setting is per process, so the two
 * cannot alternate item by item: they run one after the other, unbatched first.
 * Also, in process, what the issuer-key cache saves each cast.
 */
import { randomBytes } from 'node:crypto';
import { deriveIssuerKey, decodeIssuerPublicKey } from '../crypto/issuer-key';
import { issuerKey } from '../src/domain/live/keys';
import { median, ms, quantile, ratio } from './lib/stats';
import { runMeeting, type MeetingRun, type MeetingSpec } from './meeting';

export interface KeyCacheBench {
  /** HKDF + KeyGen + sk·G2: what every cast paid without the cache. */
  deriveMs: number[];
  /** issuerKey() on a cached key. */
  cachedMs: number[];
  /** Decoding the 96-byte public key with its subgroup check: once per batch, in verifyTokenBatch. */
  decodePkMs: number[];
}

export interface CastingBench {
  batched: Omit<MeetingRun, 'record'>;
  unbatched: Omit<MeetingRun, 'record'>;
  keyCache: KeyCacheBench;
}

export async function benchCasting(spec: Omit<MeetingSpec, 'serverEnv'>, samples = 20): Promise<CastingBench> {
  spec.log?.('  baseline: SEALVOTE_CAST_BATCH_MAX=1 (one pairing check per cast)');
  const { record: _u, ...unbatched } = await runMeeting({ ...spec, serverEnv: { SEALVOTE_CAST_BATCH_MAX: '1' } });
  spec.log?.('  batched (default)');
  const { record: _b, ...batched } = await runMeeting(spec);
  return { batched, unbatched, keyCache: benchKeyCache(samples) };
}

function benchKeyCache(n: number): KeyCacheBench {
  const config = { masterSecret: randomBytes(32) };
  const out: KeyCacheBench = { deriveMs: [], cachedMs: [], decodePkMs: [] };
  const v = { meetingId: 'mtg_bench', itemId: 'itm_bench', round: 1, purpose: 'vote' as const, klass: 'A' as const };
  const key = issuerKey(config, v);
  for (let i = 0; i < n; i++) {
    let t = performance.now();
    deriveIssuerKey(config.masterSecret, { meeting: 'mtg_bench', item: `itm_${i}`, round: 1, klass: 'A' });
    out.deriveMs.push(performance.now() - t);
    t = performance.now();
    issuerKey(config, v);
    out.cachedMs.push(performance.now() - t);
    t = performance.now();
    decodeIssuerPublicKey(key.publicKey);
    out.decodePkMs.push(performance.now() - t);
  }
  return out;
}

/** The casting table of one `--only cast` run (bench/results/latest-cast.md). */
export function renderCasting(c: CastingBench, header: string): string {
  const row = (name: string, r: Omit<MeetingRun, 'record'>) =>
    `| ${name} | ${median(r.castRates).toFixed(0)} | ${ms(quantile(r.castLatencies, 0.5))} ms | ${ms(quantile(r.castLatencies, 0.99))} ms | ${ms(r.serverCpuPerBallotMs)} ms (${ms(r.serverCpuPerBallotWithCloseMs)} ms with the close) | ${r.ballots}/${r.tablets * r.items} accepted, ${r.countedAtClose} counted, ${r.castRetries} resent |`;
  const b = c.batched;
  const u = c.unbatched;
  const L = [
    header,
    '',
    `| path (${b.tablets} tablets cast at once, ${b.items} items) | ballots/s (median of items) | p50 | p99 | server CPU per accepted ballot | ballots |`,
    '|---|---:|---:|---:|---:|---|',
    row('one pairing check per cast (SEALVOTE_CAST_BATCH_MAX=1, the code before batching)', u),
    row('micro-batched per issuer key (default, up to 64 a batch)', b),
    '',
    `Same run, batched ÷ unbatched: CPU per accepted ballot ${ratio(b.serverCpuPerBallotWithCloseMs / u.serverCpuPerBallotWithCloseMs)} (with the close), p50 ${ratio(quantile(b.castLatencies, 0.5) / quantile(u.castLatencies, 0.5))}, p99 ${ratio(quantile(b.castLatencies, 0.99) / quantile(u.castLatencies, 0.99))}, throughput ${ratio(median(b.castRates) / median(u.castRates))}.`,
    `Burst lower bound on one event loop: ${b.tablets} × ${ms(b.serverCpuPerBallotMs)} ms = ${ms(b.tablets * b.serverCpuPerBallotMs)} ms of server CPU per item before the last cast can be answered.`,
    '',
    `Issuer key per cast, in process (median of ${c.keyCache.deriveMs.length}): derive (HKDF + KeyGen + sk·G2) ${ms(median(c.keyCache.deriveMs))} ms; cached ${ms(median(c.keyCache.cachedMs))} ms; decode the public key with its subgroup check (once per batch) ${ms(median(c.keyCache.decodePkMs))} ms.`,
  ];
  return L.join('\n');
}
