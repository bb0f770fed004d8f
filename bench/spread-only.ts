/**
 * Issue 20.6's row alone: 200 tablets following the meeting like the kiosk and casting at a
 * random moment within 5 s, over 3 items, against the built server, `runs` times:
 * `npx tsx bench/spread-only.ts [runs]`. For profiling (BENCH_SERVER_NODE_ARGS) and quick
 * before/after checks; the figure in BENCHMARKS.md comes from `npm run bench -- --only cast`.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { CAST_SPREAD_MS } from './cast';
import { median, quantile } from './lib/stats';
import { runMeeting } from './meeting';

const runs = Number(process.argv[2] ?? 1);
execFileSync('npx', ['tsx', join(import.meta.dirname, '../scripts/build.ts')], { stdio: 'ignore' });
for (let i = 0; i < runs; i++) {
  const r = await runMeeting({ members: 150, observers: 50, items: 3, watchers: true, castSpreadMs: CAST_SPREAD_MS, log: () => {} });
  const l = r.castLatencies;
  console.log(
    `run ${i + 1}: p50 ${median(l).toFixed(1)} ms, p99 ${quantile(l, 0.99).toFixed(1)} ms, max ${Math.max(...l).toFixed(1)} ms, ` +
      `${r.stateFetchesWhileCasting} state fetches during the casts, server CPU ${r.serverCpuPerBallotMs.toFixed(2)} ms a ballot (main thread ${r.serverMainThreadCpuPerBallotMs.toFixed(2)} ms)`,
  );
}
