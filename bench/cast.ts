/**
 * Goal 2, casting: the 200-tablet burst against three servers in the same run, so the ratios
 * hold on a busy machine, and the default server again with casts spread over a few seconds:
 *
 * - reference: noble for every check and one verifyToken per cast (SEALVOTE_CAST_CRYPTO=reference,
 *   SEALVOTE_CAST_BATCH_MAX=1): the cast path before issue 10;
 * - noble batched: noble checks, token checks micro-batched per issuer key (the cast path a
 *   Worker would have if it could batch; SEALVOTE_PAIRING=noble);
 * - default: OpenSSL Ed25519 and mcl-wasm token batches, noble deciding every refusal
 *   (src/node-crypto/cast.ts).
 *
 * The settings are per process, so the servers run one after the other. Also, in process, what
 * the issuer-key cache saves each cast.
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

export type CastRun = Omit<MeetingRun, 'record'>;

export interface CastingBench {
  /** The default server, every tablet at once. */
  batched: CastRun;
  /** Reference: noble, one pairing check per cast. */
  unbatched: CastRun;
  /** noble, batched. */
  nobleBatched?: CastRun;
  /** The default server, every tablet watching like the kiosk, all casting at once. */
  watched?: CastRun;
  /** The default server, every tablet watching like the kiosk, casts spread uniformly over `spreadMs`. */
  spread?: CastRun & { spreadMs: number };
  /** The default server, every tablet at once, with FLOOD forged ballots per item from one address at the same instant. */
  flooded?: CastRun & { floodPerItem: number };
  keyCache: KeyCacheBench;
}

export const CAST_SPREAD_MS = 5000;
/** Forged ballots per item in the flood row (issue 20: 300 from one client stalled the room). */
export const FLOOD_PER_ITEM = 300;

export async function benchCasting(spec: Omit<MeetingSpec, 'serverEnv'>, samples = 20): Promise<CastingBench> {
  spec.log?.('  reference: noble, one pairing check per cast');
  const { record: _u, ...unbatched } = await runMeeting({ ...spec, serverEnv: { SEALVOTE_CAST_CRYPTO: 'reference', SEALVOTE_CAST_BATCH_MAX: '1' } });
  spec.log?.('  noble, batched');
  const { record: _n, ...nobleBatched } = await runMeeting({ ...spec, serverEnv: { SEALVOTE_PAIRING: 'noble' } });
  spec.log?.('  default: OpenSSL Ed25519 + mcl-wasm batches');
  const { record: _b, ...batched } = await runMeeting(spec);
  // Right after the default row it is compared with, so the machine's load drifts least between them.
  spec.log?.(`  default, all at once, with ${FLOOD_PER_ITEM} forged ballots per item from one address at the same instant`);
  const { record: _f, ...flooded } = await runMeeting({ ...spec, flood: FLOOD_PER_ITEM });
  spec.log?.('  default, every tablet watching like the kiosk, all at once');
  const { record: _w, ...watched } = await runMeeting({ ...spec, watchers: true });
  spec.log?.(`  default, every tablet watching, casts spread over ${CAST_SPREAD_MS / 1000} s`);
  const { record: _s, ...spread } = await runMeeting({ ...spec, watchers: true, castSpreadMs: CAST_SPREAD_MS });
  return {
    batched,
    unbatched,
    nobleBatched,
    watched,
    spread: { ...spread, spreadMs: CAST_SPREAD_MS },
    flooded: { ...flooded, floodPerItem: FLOOD_PER_ITEM },
    keyCache: benchKeyCache(samples),
  };
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

/** The rows of the casting table, shared by the full report and `--only cast`. */
export function castingRows(c: CastingBench): string[] {
  const row = (name: string, r: CastRun) =>
    `| ${name} | ${median(r.castRates).toFixed(0)} | ${ms(quantile(r.castLatencies, 0.5))} ms | ${ms(quantile(r.castLatencies, 0.99))} ms | ${ms(r.serverCpuPerBallotMs)} ms (${ms(r.serverCpuPerBallotWithCloseMs)} ms with the close; event loop ${ms(r.serverMainThreadCpuPerBallotMs)} ms) | ${r.ballots}/${r.tablets * r.items} accepted, ${r.countedAtClose} counted, ${r.castRetries} resent |`;
  const b = c.batched;
  const L = [
    `| path (${b.tablets} tablets, ${b.items} items) | ballots/s (median of items) | p50 | p99 | server CPU per accepted ballot | ballots |`,
    '|---|---:|---:|---:|---:|---|',
    row('reference: noble, one pairing check per cast (the cast path before issue 10), all at once', c.unbatched),
  ];
  if (c.nobleBatched) L.push(row('noble, token checks micro-batched per issuer key, all at once', c.nobleBatched));
  L.push(row('**default**: OpenSSL Ed25519 + mcl-wasm batches (noble decides refusals), all at once', b));
  if (c.watched) L.push(row(`default, every tablet also following the meeting like the kiosk (SSE + state fetches: ${c.watched.stateFetchesWhileCasting} during the casts), all at once`, c.watched));
  if (c.spread) L.push(row(`default, every tablet following the meeting (${c.spread.stateFetchesWhileCasting} state fetches during the casts) and casting at a random moment within ${c.spread.spreadMs / 1000} s`, c.spread));
  if (c.flooded) {
    const f = c.flooded.flood!;
    L.push(row(`default, all at once, **with ${c.flooded.floodPerItem} forged ballots per item from one address** at the same instant (${f.refusedInvalid} refused after their checks, ${f.refusedLimited} refused by the per-source limits before any, ${f.other} otherwise; genuine casts only in the latencies)`, c.flooded));
  }
  return L;
}

export function castingSummary(c: CastingBench): string[] {
  const b = c.batched;
  const u = c.unbatched;
  const p99 = (r: CastRun) => quantile(r.castLatencies, 0.99);
  const flood = c.flooded
    ? [
        `Flood, same run: genuine casts' p99 ${ms(p99(c.flooded))} ms with ${c.flooded.floodPerItem} forged ballots per item from one address, against ${ms(p99(b))} ms without: ${ratio(p99(c.flooded) / p99(b))} (goal ≤ 2×: **${p99(c.flooded) <= 2 * p99(b) && c.flooded.flood!.other === 0 ? 'met' : 'not met'}**); forged ballots accepted: ${c.flooded.flood!.other === 0 ? 'none' : c.flooded.flood!.other}.`,
      ]
    : [];
  const L = [
    ...flood,
    `Same run, default ÷ reference: CPU per accepted ballot ${ratio(b.serverCpuPerBallotWithCloseMs / u.serverCpuPerBallotWithCloseMs)} (with the close), p50 ${ratio(quantile(b.castLatencies, 0.5) / quantile(u.castLatencies, 0.5))}, p99 ${ratio(p99(b) / p99(u))}, throughput ${ratio(median(b.castRates) / median(u.castRates))}.`,
    `Burst floor: the default server's event loop spent ${ms(b.serverMainThreadCpuPerBallotMs)} ms a ballot of its ${ms(b.serverCpuPerBallotMs)} ms (the rest on the token thread and GC), so ${b.tablets} simultaneous casts need ${ms(b.tablets * b.serverMainThreadCpuPerBallotMs)} ms of event-loop time before the last can be answered, whatever the order.`,
  ];
  return L;
}

/** The casting table of one `--only cast` run (bench/results/latest-cast.md). */
export function renderCasting(c: CastingBench, header: string): string {
  return [
    header,
    '',
    ...castingRows(c),
    '',
    ...castingSummary(c),
    '',
    `Issuer key per cast, in process (median of ${c.keyCache.deriveMs.length}): derive (HKDF + KeyGen + sk·G2) ${ms(median(c.keyCache.deriveMs))} ms; cached ${ms(median(c.keyCache.cachedMs))} ms; decode the public key with its subgroup check (once per batch) ${ms(median(c.keyCache.decodePkMs))} ms.`,
  ].join('\n');
}
