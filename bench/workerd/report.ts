/** The workerd run as a Markdown section for BENCHMARKS.md (pasted by hand; this never edits it). */
import type { MachineInfo } from '../lib/machine';
import { ms } from '../lib/stats';
import { CPU_LIMITS_MS, describePlan } from './limits';
import type { PhaseSummary } from './measure';

export interface WorkerdResults {
  machine: MachineInfo;
  wrangler: string;
  workerdProcesses: { runtime: number; proxyExcluded: number };
  /** What was bundled: the last commit or the working tree. */
  source: { commit: string; dirty: boolean; measured: string };
  tablets: number;
  items: number;
  durationS: number;
  /** workerd CPU while idle, ms per second of wall time. */
  idleMsPerS: number;
  baseline: PhaseSummary;
  rows: PhaseSummary[];
}

/** The verdict follows the costliest sample: one request over the limit is one error 1102. */
const worst = (s: PhaseSummary) => Math.max(Number.isFinite(s.maxMs) ? s.maxMs : 0, s.meanFromTicksMs, 0);

export function renderWorkerd(r: WorkerdResults): string {
  const m = r.machine;
  const lines = [
    `### Run of ${m.date.slice(0, 16).replace('T', ' ')} UTC`,
    '',
    `Code: ${r.source.measured === 'HEAD' ? `commit ${r.source.commit.slice(0, 7)}` : `working tree at ${r.source.commit.slice(0, 7)}${r.source.dirty ? ' with uncommitted changes' : ''}`}, ` +
      'bundled as `wrangler deploy --dry-run` would upload it. ' +
      `Machine: ${m.cores} cores, ${m.cpuModel}, Node ${m.node}, wrangler ${r.wrangler}. ` +
      `CPU of the workerd process running the Worker and its local D1 (${r.workerdProcesses.runtime}); wrangler's proxy workerd (${r.workerdProcesses.proxyExcluded}) is not counted. ` +
      `Load average (1 min) ${m.loadStart.toFixed(2)} at start, ${(m.loadEnd ?? Number.NaN).toFixed(2)} at end. Whole run ${r.durationS.toFixed(0)} s. ` +
      `${r.tablets} tablets, ${r.items} item(s); every request sent alone.`,
    '',
    `Baseline GET /healthz: ${ms(r.baseline.medianMs)} ms median per request (${r.baseline.requests} requests, subtracted from every row below). ` +
      `workerd idle: ${ms(r.idleMsPerS)} ms CPU per second.`,
    '',
    '| request | count | CPU median | p90 | max | mean (utime+stime) | needs |',
    '|---|---:|---:|---:|---:|---:|---|',
  ];
  for (const s of r.rows) {
    lines.push(`| ${s.label} | ${s.requests} | ${ms(s.medianMs)} ms | ${ms(s.p90Ms)} ms | ${ms(s.maxMs)} ms | ${ms(s.meanFromTicksMs)} ms | ${describePlan(worst(s))} |`);
  }
  lines.push(
    '',
    `Limits: Free ${CPU_LIMITS_MS.free} ms, Paid ${CPU_LIMITS_MS.paidDefault / 1000} s by default, up to ${CPU_LIMITS_MS.paidMax / 60_000} min with \`[limits] cpu_ms\`. ` +
      '"needs" follows the larger of the max and the mean: one request over the limit fails with error 1102.',
  );
  return lines.join('\n') + '\n';
}
