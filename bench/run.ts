/**
 * `npm run bench` — sealvote against the limits (issue 10). Every baseline is measured in the
 * same run as what it is compared with. Writes bench/results/<date>.json (all samples) and
 * bench/results/latest.md; a full run also replaces the generated section of BENCHMARKS.md.
 *
 *   npm run bench                 full: 30 items × 60 tablets, 200 casting tablets × 3 items
 *   npm run bench -- --quick      smoke run in well under a minute on an idle machine
 *   npm run bench -- --no-write   do not touch BENCHMARKS.md
 *   npm run bench -- --only cast  casting alone, batched and unbatched in the same run
 *                                 (with --quick: 40 tablets); never touches BENCHMARKS.md
 *   npm run bench -- --only storage --baseline <checkout>
 *                                 issue 16's cost goals against an earlier commit in the same
 *                                 run (bench/storage.ts); writes bench/results/latest-storage.md
 *   npm run bench -- --only startup  start-up alone (section 5); never touches BENCHMARKS.md
 *   npm run bench -- --only coissue  co-issuance (issue 18) alone: the meeting service only and
 *                                 co-issued, both records verified, the tablet in Chromium;
 *                                 never touches BENCHMARKS.md; --items N: N items instead of 30
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { buildAll } from '../scripts/build';
import { benchBrowser } from './browser';
import { benchCasting, renderCasting } from './cast';
import { benchCoissue, renderCoissue } from './coissue';
import { benchIssue } from './issue';
import { machineInfo } from './lib/machine';
import { REPO } from './lib/server';
import { runMeeting } from './meeting';
import { renderReport, renderStartup, type RunResults } from './report';
import { benchSqliteInsert } from './sqlite-baseline';
import { benchStartup } from './startup';
import { benchStorage, renderStorage } from './storage';
import { benchVerify } from './verify';

const argv = process.argv.slice(2);
const args = new Set(argv);
const quick = args.has('--quick');
const only = argv.find((a) => a.startsWith('--only='))?.slice('--only='.length) ?? (args.has('--only') ? argv[argv.indexOf('--only') + 1] : undefined);
if (only !== undefined && !['cast', 'storage', 'startup', 'coissue'].includes(only)) throw new Error(`--only supports "cast", "storage", "startup" and "coissue", got ${only}`);
const baselineDir = argv.find((a) => a.startsWith('--baseline='))?.slice('--baseline='.length) ?? (args.has('--baseline') ? argv[argv.indexOf('--baseline') + 1] : undefined);
const P = quick
  ? { meeting: { members: 8, observers: 4, items: 3 }, casting: { members: 30, observers: 10, items: 1 }, repeats: 1, naiveSample: 12, inserts: 100, browser: 5, issue: 10, startups: 2 }
  : { meeting: { members: 45, observers: 15, items: 30 }, casting: { members: 150, observers: 50, items: 3 }, repeats: 3, naiveSample: 60, inserts: 600, browser: 30, issue: 60, startups: 7 };

// --items N (with --only coissue): a shorter meeting of the same 60 tablets.
const itemsAt = argv.indexOf('--items');
if (itemsAt >= 0) {
  if (only !== 'coissue') throw new Error('--items goes with --only coissue');
  P.meeting.items = Number(argv[itemsAt + 1]);
  if (!Number.isInteger(P.meeting.items) || P.meeting.items < 1 || P.meeting.items > 30) throw new Error('--items takes 1 to 30');
}

const RESULTS = join(REPO, 'bench/results');
const started = performance.now();
const log = (line: string) => console.error(`${((performance.now() - started) / 1000).toFixed(0).padStart(4)} s ${line}`);

async function main(): Promise<void> {
  mkdirSync(RESULTS, { recursive: true });
  const machine = machineInfo();
  const t0 = performance.now();
  log(`sealvote bench (${quick ? 'quick' : 'full'}${only ? `, only ${only}` : ''}) on ${machine.cores} cores, ${machine.cpuModel}, Node ${machine.node}, load ${machine.loadStart.toFixed(2)}`);
  // Both checkouts from their sources, the same way (bench/storage.ts): no build needed.
  if (only === 'storage') return storageOnly(machine, t0);
  // The servers run what production runs: the build, with plain node (bench/lib/server.ts).
  await buildAll({ log: (line) => log(`build: ${line}`) });
  if (only === 'cast') return castOnly(machine, t0);
  if (only === 'startup') return startupOnly(machine, t0);
  if (only === 'coissue') return coissueOnly(machine, t0);

  log(`[1/8] meeting: ${P.meeting.items} items × ${P.meeting.members + P.meeting.observers} tablets over HTTP`);
  const { record, ...meeting } = await runMeeting({ ...P.meeting, log });
  const recordFile = join(RESULTS, `record-${P.meeting.items}x${P.meeting.members + P.meeting.observers}.json`);

  log('[2/8] verification: verifyRecord, noble, workers, mcl-wasm');
  const verify = await benchVerify(record as { entries: string[] }, { repeats: P.repeats, naiveSample: P.naiveSample, recordFile });

  log(`[3/8] casting: ${P.casting.members + P.casting.observers} concurrent tablets × ${P.casting.items} item(s)`);
  const castingBench = await benchCasting({ ...P.casting, log });
  const casting = castingBench.batched;

  log('[4/8] durable SQLite insert baseline');
  const ballotLength = JSON.stringify((record as { entries: string[] }).entries.find((e) => e.includes('"type":"ballot"')) ?? '').length;
  const sqlite = await benchSqliteInsert(P.inserts, ballotLength);

  log('[5/8] issuance in process');
  const issue = benchIssue(P.issue);

  log('[6/8] tablet in Chromium');
  const browser = await benchBrowser(P.browser);
  if ('skipped' in browser) log(`  skipped: ${browser.skipped}`);

  log(`[7/8] start-up: the build and the sources, ${P.startups} each`);
  const startup = await benchStartup(P.startups);

  log(`[8/8] co-issuance: the same meeting co-issued, the co-issuer in its own process; both records verified`);
  const coissue = await benchCoissue(P.meeting, { ...meeting, record }, { repeats: P.repeats, log });

  machine.loadEnd = loadavg()[0]!;
  const results: RunResults = { mode: quick ? 'quick' : 'full', machine, durationS: (performance.now() - t0) / 1000, meeting, verify, casting, castingUnbatched: castingBench.unbatched, keyCache: castingBench.keyCache, castingBench, sqlite, issue, browser, startup, coissue };
  const report = renderReport(results);
  const stamp = machine.date.replace(/[:.]/g, '-');
  writeFileSync(join(RESULTS, `${stamp}${quick ? '-quick' : ''}.json`), JSON.stringify(results, null, 1));
  writeFileSync(join(RESULTS, 'latest.md'), report);
  if (!quick && !args.has('--no-write')) writeBenchmarksSection(report);
  console.log(report);
}

/** `--only cast`: the casting burst batched and unbatched, written to bench/results only. */
async function castOnly(machine: ReturnType<typeof machineInfo>, t0: number): Promise<void> {
  log(`[1/1] casting: ${P.casting.members + P.casting.observers} concurrent tablets × ${P.casting.items} item(s), reference, noble batched, default, default spread`);
  const casting = await benchCasting({ ...P.casting, log });
  machine.loadEnd = loadavg()[0]!;
  const header = `### Casting only, ${machine.date.slice(0, 16).replace('T', ' ')} UTC (${quick ? 'quick' : 'full'}): ${machine.cores} cores, ${machine.cpuModel}, Node ${machine.node}, load (1 min) ${machine.loadStart.toFixed(2)} at start, ${machine.loadEnd.toFixed(2)} at end, ${((performance.now() - t0) / 1000).toFixed(0)} s`;
  const report = renderCasting(casting, header);
  const stamp = machine.date.replace(/[:.]/g, '-');
  writeFileSync(join(RESULTS, `${stamp}-cast${quick ? '-quick' : ''}.json`), JSON.stringify({ machine, ...casting }, null, 1));
  writeFileSync(join(RESULTS, 'latest-cast.md'), report);
  console.log(report);
}

/** `--only storage`: issue 16's cost goals against a baseline checkout, written to bench/results only. */
async function storageOnly(machine: ReturnType<typeof machineInfo>, t0: number): Promise<void> {
  if (!baselineDir) throw new Error('--only storage needs --baseline <checkout of the earlier commit, with node_modules>');
  log(`[1/1] storage: this commit and ${baselineDir}, casting and closing, twice each`);
  const storage = await benchStorage({ baseline: resolve(baselineDir), quick, log });
  machine.loadEnd = loadavg()[0]!;
  const header = `### Secrecy at rest, ${machine.date.slice(0, 16).replace('T', ' ')} UTC (${quick ? 'quick' : 'full'}): ${machine.cores} cores, ${machine.cpuModel}, Node ${machine.node}, load (1 min) ${machine.loadStart.toFixed(2)} at start, ${machine.loadEnd.toFixed(2)} at end, ${((performance.now() - t0) / 1000).toFixed(0)} s`;
  const report = renderStorage(storage, header);
  const stamp = machine.date.replace(/[:.]/g, '-');
  writeFileSync(join(RESULTS, `${stamp}-storage${quick ? '-quick' : ''}.json`), JSON.stringify({ machine, ...storage }, null, 1));
  writeFileSync(join(RESULTS, 'latest-storage.md'), report);
  console.log(report);
}

/** `--only coissue`: the meeting service only, then co-issued, both verified; the tablet in Chromium. */
async function coissueOnly(machine: ReturnType<typeof machineInfo>, t0: number): Promise<void> {
  log(`[1/3] meeting, service only: ${P.meeting.items} items × ${P.meeting.members + P.meeting.observers} tablets over HTTP`);
  const serviceOnly = await runMeeting({ ...P.meeting, log });
  log('[2/3] the same meeting co-issued, then both records verified alternately');
  const coissue = await benchCoissue(P.meeting, serviceOnly, { repeats: P.repeats, log, keepRecords: join(RESULTS, 'record-coissue') });
  log('[3/3] tablet in Chromium');
  const browser = await benchBrowser(P.browser);
  machine.loadEnd = loadavg()[0]!;
  const header = `### Co-issuance only, ${machine.date.slice(0, 16).replace('T', ' ')} UTC (${quick ? 'quick' : 'full'}${machine.loadStart > machine.cores ? ', LOADED machine' : ''}): ${machine.cores} cores, ${machine.cpuModel}, Node ${machine.node}, load (1 min) ${machine.loadStart.toFixed(2)} at start, ${machine.loadEnd.toFixed(2)} at end, ${((performance.now() - t0) / 1000).toFixed(0)} s`;
  const report = [header, '', ...renderCoissue(coissue, browser, '#### Co-issuance (issue 18)')].join('\n');
  const stamp = machine.date.replace(/[:.]/g, '-');
  writeFileSync(join(RESULTS, `${stamp}-coissue${quick ? '-quick' : ''}.json`), JSON.stringify({ machine, coissue, browser }, null, 1));
  writeFileSync(join(RESULTS, 'latest-coissue.md'), report);
  console.log(report);
}

/** `--only startup`: section 5 alone, written to bench/results only. */
async function startupOnly(machine: ReturnType<typeof machineInfo>, t0: number): Promise<void> {
  log(`[1/1] start-up: the build and the sources, ${P.startups} each`);
  const startup = await benchStartup(P.startups);
  machine.loadEnd = loadavg()[0]!;
  const header = `### Start-up only, ${machine.date.slice(0, 16).replace('T', ' ')} UTC: ${machine.cores} cores, ${machine.cpuModel}, Node ${machine.node}, load (1 min) ${machine.loadStart.toFixed(2)} at start, ${machine.loadEnd.toFixed(2)} at end, ${((performance.now() - t0) / 1000).toFixed(0)} s`;
  const report = [header, '', renderStartup(startup)].join('\n');
  const stamp = machine.date.replace(/[:.]/g, '-');
  writeFileSync(join(RESULTS, `${stamp}-startup.json`), JSON.stringify({ machine, startup }, null, 1));
  writeFileSync(join(RESULTS, 'latest-startup.md'), report);
  console.log(report);
}

/** Replaces the text between the generated-section markers of BENCHMARKS.md. */
function writeBenchmarksSection(report: string): void {
  const file = join(REPO, 'BENCHMARKS.md');
  const begin = '<!-- bench:begin (written by npm run bench) -->';
  const end = '<!-- bench:end -->';
  const text = readFileSync(file, 'utf8');
  const i = text.indexOf(begin);
  const j = text.indexOf(end);
  if (i < 0 || j < i) throw new Error('BENCHMARKS.md has no generated-section markers');
  writeFileSync(file, `${text.slice(0, i + begin.length)}\n${report}\n${text.slice(j)}`);
}

main().catch((err) => {
  console.error('bench failed:', err);
  process.exitCode = 1;
});
