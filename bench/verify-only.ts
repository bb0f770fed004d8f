/**
 * Verification alone (BENCHMARKS.md section 1) on the record a full run left in bench/results/,
 * without running a meeting: `npx tsx bench/verify-only.ts [--record FILE] [--repeats N]`.
 * Writes bench/results/<date>-verify.json and bench/results/latest-verify.md; never edits
 * BENCHMARKS.md. Every ratio is against mcl-wasm batched measured in the same run.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { machineInfo } from './lib/machine';
import { REPO } from './lib/server';
import { ms, ratio } from './lib/stats';
import { benchVerify } from './verify';

const { values } = parseArgs({ options: { record: { type: 'string' }, repeats: { type: 'string' } } });
const RESULTS = join(REPO, 'bench/results');
const recordFile = values.record ?? join(RESULTS, 'record-30x60.json');
const repeats = Number(values.repeats ?? 3);

const machine = machineInfo();
const t0 = performance.now();
console.error(`verification only, ${recordFile}, ${repeats} runs each, ${machine.cores} cores, load ${machine.loadStart.toFixed(2)}`);
const record = JSON.parse(readFileSync(recordFile, 'utf8')) as { entries: string[] };
const v = await benchVerify(record, { repeats, naiveSample: 60, recordFile: join(RESULTS, 'record-verify-only.json') });
machine.loadEnd = loadavg()[0]!;

const base = v.rows.find((r) => r.name === v.baseline)!.ms;
const L = [
  `### Verification only, ${machine.date.slice(0, 16).replace('T', ' ')} UTC: ${machine.cores} cores, ${machine.cpuModel}, Node ${machine.node}, load (1 min) ${machine.loadStart.toFixed(2)} at start, ${machine.loadEnd.toFixed(2)} at end, ${((performance.now() - t0) / 1000).toFixed(0)} s`,
  '',
  `${v.tokens} tokens in ${v.groups} issuer-key groups, ${v.ballots} ballots, ${v.entries} log entries.`,
  '',
  '| implementation | what is verified | median | ratio to mcl batched |',
  '|---|---|---:|---:|',
  ...v.rows.map((r) => `| ${r.name} | ${r.what}${r.note ? ` (${r.note})` : ''} | ${ms(r.ms)} ms | ${ratio(r.ms / base)} |`),
  '',
  ...v.rows.filter((r) => r.name.startsWith('sealvote')).map((r) => `Goal "within 2× of mcl-wasm batched", ${r.name}: ${ratio(r.ms / base)} — ${r.ms <= 2 * base ? '**met**' : '**not met**'}.`),
  '',
];
const stamp = machine.date.replace(/[:.]/g, '-');
writeFileSync(join(RESULTS, `${stamp}-verify.json`), JSON.stringify({ machine, verify: v }, null, 1));
writeFileSync(join(RESULTS, 'latest-verify.md'), L.join('\n'));
console.log(L.join('\n'));
