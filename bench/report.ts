/** Markdown tables for one run (bench/results/latest.md and the generated part of BENCHMARKS.md). */
import type { BrowserBench } from './browser';
import { renderCoissue, type CoissueBench } from './coissue';
import { castingRows, castingSummary, type CastingBench, type KeyCacheBench } from './cast';
import type { IssueBench } from './issue';
import type { MachineInfo } from './lib/machine';
import { median, mib, ms, quantile, ratio } from './lib/stats';
import type { MeetingRun } from './meeting';
import type { InsertBaseline } from './sqlite-baseline';
import type { StartupBench } from './startup';
import type { VerifyBench } from './verify';

export interface RunResults {
  mode: 'full' | 'quick';
  machine: MachineInfo;
  durationS: number;
  meeting: Omit<MeetingRun, 'record'>;
  verify: VerifyBench;
  casting: Omit<MeetingRun, 'record'>;
  /** The same burst against the reference server (bench/cast.ts). */
  castingUnbatched?: Omit<MeetingRun, 'record'>;
  keyCache?: KeyCacheBench;
  /** Every casting server of the run (bench/cast.ts). */
  castingBench?: CastingBench;
  startup?: StartupBench;
  sqlite: InsertBaseline;
  issue: IssueBench;
  browser: BrowserBench;
  /** Issue 18: the same meeting co-issued (bench/coissue.ts). */
  coissue?: CoissueBench;
}

const met = (ok: boolean) => (ok ? '**met**' : '**not met**');

export function renderReport(r: RunResults): string {
  const m = r.machine;
  const v = r.verify;
  const base = v.rows.find((x) => x.name === v.baseline)!.ms;
  // The goal is read off what an inspector runs: `sealvote verify` with its defaults.
  const goalRow = v.rows.find((x) => x.name === (v.cliDefault ?? 'sealvote verifyRecord'))!;
  const sealvote = goalRow.ms;
  const c = r.casting;
  const p50 = quantile(c.castLatencies, 0.5);
  const p99 = quantile(c.castLatencies, 0.99);
  const lost = c.tablets * c.items - c.countedAtClose;
  const L: string[] = [];
  L.push(`### Run of ${m.date.slice(0, 16).replace('T', ' ')} UTC (${r.mode}${m.loadStart > m.cores ? ', LOADED machine' : ''})`);
  L.push('');
  L.push(`Machine: ${m.cores} cores, ${m.cpuModel}, ${m.memoryGiB} GiB, Node ${m.node}. Load average (1 min) ${m.loadStart.toFixed(2)} at start, ${(m.loadEnd ?? NaN).toFixed(2)} at end. Whole run ${r.durationS.toFixed(0)} s.`);
  L.push('');
  L.push(`#### 1. Verify a whole meeting — ${r.meeting.items} items × ${r.meeting.tablets} tablets: ${v.tokens} tokens in ${v.groups} issuer-key groups, ${v.ballots} ballots, ${v.entries} log entries`);
  L.push('');
  L.push('| implementation | what is verified | median | ratio to mcl batched |');
  L.push('|---|---|---:|---:|');
  for (const row of v.rows) L.push(`| ${row.name} | ${row.what}${row.note ? ` (${row.note})` : ''} | ${ms(row.ms)} ms | ${ratio(row.ms / base)} |`);
  L.push('');
  L.push(`Goal "whole-meeting verification within 2× of mcl-wasm batched" (row "${goalRow.name}"): ${ratio(sealvote / base)} — ${met(sealvote <= 2 * base)}. Worker start-up (not in the timed row): ${ms(v.workerStartMs)} ms.`);
  L.push('');
  L.push('Where the noble time goes (each part timed alone, median × count for the whole record):');
  L.push('');
  L.push('| part | median each | count | whole record |');
  L.push('|---|---:|---:|---:|');
  for (const b of v.breakdown) L.push(`| ${b.part} | ${ms(b.perUnitMs)} ms | ${b.units} | ${ms(b.totalMs)} ms |`);
  L.push('');
  L.push(`#### 2. Casting over HTTP — ${c.tablets} concurrent tablets, ${c.items} item(s)`);
  L.push('');
  const mt = r.meeting;
  if (r.castingBench) L.push(...castingRows(r.castingBench));
  else {
    L.push('| path | ballots/s (median of items) | p50 | p99 | server CPU per accepted ballot | ballots |');
    L.push('|---|---:|---:|---:|---:|---|');
    L.push(`| sealvote, POST /api/ballots (${c.tablets} at once) | ${median(c.castRates).toFixed(0)} | ${ms(p50)} ms | ${ms(p99)} ms | ${ms(c.serverCpuPerBallotMs)} ms (${ms(c.serverCpuPerBallotWithCloseMs)} ms with the close) | |`);
  }
  L.push(`| default, ${mt.tablets} at once (the ${mt.items}-item meeting) | ${median(mt.castRates).toFixed(0)} | ${ms(quantile(mt.castLatencies, 0.5))} ms | ${ms(quantile(mt.castLatencies, 0.99))} ms | ${ms(mt.serverCpuPerBallotMs)} ms (${ms(mt.serverCpuPerBallotWithCloseMs)} ms with the close) | |`);
  L.push(`| limit: durable SQLite insert, no HTTP, no crypto (${r.sqlite.inserts} in a row) | ${r.sqlite.perSecond.toFixed(0)} | ${ms(median(r.sqlite.latencies))} ms | ${ms(quantile(r.sqlite.latencies, 0.99))} ms | — | |`);
  L.push('');
  L.push(`Ballots (default, all at once): ${c.tablets * c.items} sent, ${c.ballots} accepted (201), ${c.refused} refused, ${c.castRetries} resent after a connection reset, ${c.countedAtClose} counted by the server at close — ${lost === 0 && c.refused === 0 ? 'none lost' : `${lost} LOST`}.`);
  const sp = r.castingBench?.spread;
  const spreadP99 = sp ? quantile(sp.castLatencies, 0.99) : NaN;
  L.push(`Goals: server CPU per accepted ballot ≤ 10 ms: ${ms(c.serverCpuPerBallotWithCloseMs)} ms — ${met(c.serverCpuPerBallotWithCloseMs <= 10)}; p99 ≤ 50 ms with ${c.tablets} concurrent tablets casting at once: ${ms(p99)} ms — ${met(p99 <= 50)}${sp ? `; tablets following the meeting and casting within ${sp.spreadMs / 1000} s: ${ms(spreadP99)} ms — ${met(spreadP99 <= 50)}` : ''}; no ballot lost — ${met(lost === 0 && c.refused === 0)}. Throughput is ${ratio(median(c.castRates) / r.sqlite.perSecond)} of the SQLite limit.`);
  if (r.castingBench) L.push(...castingSummary(r.castingBench));
  if (r.keyCache) L.push(`Issuer key per cast (in process, median): derive ${ms(median(r.keyCache.deriveMs))} ms, cached ${ms(median(r.keyCache.cachedMs))} ms; public-key decode with subgroup check, once per batch: ${ms(median(r.keyCache.decodePkMs))} ms.`);
  L.push('');
  L.push('#### 3. Issuance');
  L.push('');
  L.push('| operation | where | median | p99 |');
  L.push('|---|---|---:|---:|');
  L.push(`| server CPU per token, over HTTP (the ${mt.items}-item meeting, ${mt.tokens} tokens) | server process, /proc utime+stime | ${ms(mt.serverCpuPerTokenMs)} ms (mean) | — |`);
  L.push(`| blindSign (decode + subgroup check + sk·B) | in process, Node | ${ms(median(r.issue.blindSign))} ms | ${ms(quantile(r.issue.blindSign, 0.99))} ms |`);
  if ('skipped' in r.browser) {
    L.push(`| tablet blind + finalize | Chromium — skipped: ${r.browser.skipped} | — | — |`);
  } else {
    const b = r.browser;
    const total = b.blind.map((x, i) => x + b.finalize[i]!);
    L.push(`| tablet blind (hash-to-G1, r·H) | ${b.browser}, headless | ${ms(median(b.blind))} ms | ${ms(quantile(b.blind, 0.99))} ms |`);
    L.push(`| tablet finalize (r⁻¹·S', pairing check) | ${b.browser}, headless | ${ms(median(b.finalize))} ms | ${ms(quantile(b.finalize, 0.99))} ms |`);
    L.push(`| tablet blind + finalize | ${b.browser}, headless (${b.blind.length} tokens) | ${ms(median(total))} ms | ${ms(quantile(total, 0.99))} ms |`);
  }
  L.push(`| tablet blind + finalize | Node, same code | ${ms(median(r.issue.nodeBlind.map((x, i) => x + r.issue.nodeFinalize[i]!)))} ms | — |`);
  L.push('');
  L.push('#### 4. Memory');
  L.push('');
  L.push('| process | peak RSS |');
  L.push('|---|---:|');
  L.push(`| server during the ${mt.tablets}-tablet, ${mt.items}-item meeting (VmHWM) | ${mib(mt.serverPeakRss)} |`);
  L.push(`| server during the ${c.tablets}-tablet casting run (VmHWM) | ${mib(c.serverPeakRss)} |`);
  L.push(`| verifier on the ${mt.items}-item record, alone in a fresh process (maxrss) | ${mib(v.verifierPeakRss)} |`);
  L.push('');
  if (r.startup) L.push('#### 5. Start-up', '', renderStartup(r.startup), '');
  if (r.coissue) L.push(...renderCoissue(r.coissue, r.browser));
  return L.join('\n');
}

/** Section 5: start-up of the build against the sources, same run. */
export function renderStartup(s: StartupBench): string {
  const L: string[] = [];
  const cpu = (xs: number[] | undefined) => (xs && xs.every((x) => Number.isFinite(x)) ? `${ms(median(xs))} ms` : '—');
  L.push(`| how the service starts (${s.built.length} starts each, a fresh database, no demo) | to "listening": median | max | CPU used by then (median) |`);
  L.push('|---|---:|---:|---:|');
  L.push(`| **the build**: \`node dist/server/server.mjs\` | ${ms(median(s.built))} ms | ${ms(Math.max(...s.built))} ms | ${cpu(s.builtCpu)} |`);
  L.push(`| the sources: \`node --import tsx src/node.ts\` (no kiosk build; before issue 20 \`npm start\` also built the kiosk when stale) | ${ms(median(s.sources))} ms | ${ms(Math.max(...s.sources))} ms | ${cpu(s.sourcesCpu)} |`);
  L.push(`| the build, until its faster cast checks are up (mcl-wasm self-tested on its thread; casts are checked by noble until then) | ${ms(median(s.builtCastCrypto))} ms | ${ms(Math.max(...s.builtCastCrypto))} ms | |`);
  L.push('');
  L.push(`Goal: listening within 1 s: ${ms(Math.max(...s.built))} ms at most — ${met(Math.max(...s.built) <= 1000)}.`);
  L.push('');
  return L.join('\n').trimEnd();
}
