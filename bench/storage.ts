/**
 * Issue 16's cost goals, against a baseline commit in the same run: server CPU per accepted
 * ballot (≤ 5 ms) with the ballot box (sealing, keyed row ids) and a close of 60 ballots
 * (< 1 s) with its unsealing, deletions and WAL sweep.
 *
 *   npm run bench -- --only storage --baseline ../sealvote-baseline
 *
 * where ../sealvote-baseline is a checkout of the commit before the change with its
 * node_modules (`git worktree add --detach ../sealvote-baseline <commit> && cp -al node_modules
 * ../sealvote-baseline/`). The two servers run one after the other, twice, in the order
 * this, baseline, baseline, this, so load that drifts through the run falls on both; both run
 * from their sources with tsx (an earlier commit may have no build), not from dist/.
 */
import { execFileSync } from 'node:child_process';
import { median, ms, quantile, ratio } from './lib/stats';
import { runMeeting, type MeetingRun, type MeetingSpec } from './meeting';
import { REPO } from './lib/server';

export type Run = Omit<MeetingRun, 'record'>;

export interface StorageBench {
  baselineDir: string;
  baselineCommit: string;
  commit: string;
  /** The 200-tablet burst (default cast path), this code and the baseline, two runs each. */
  cast: { current: Run[]; baseline: Run[] };
  /** Items of 60 ballots (45 members, 15 observers), this code and the baseline, two runs each. */
  close: { current: Run[]; baseline: Run[] };
}

const commitOf = (dir: string) => execFileSync('git', ['-C', dir, 'rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();

export async function benchStorage(opts: { baseline: string; quick: boolean; log: (line: string) => void }): Promise<StorageBench> {
  const castSpec: MeetingSpec = opts.quick ? { members: 30, observers: 10, items: 1 } : { members: 150, observers: 50, items: 3 };
  const closeSpec: MeetingSpec = opts.quick ? { members: 45, observers: 15, items: 2 } : { members: 45, observers: 15, items: 8 };
  const out: StorageBench = {
    baselineDir: opts.baseline,
    baselineCommit: commitOf(opts.baseline),
    commit: commitOf(REPO),
    cast: { current: [], baseline: [] },
    close: { current: [], baseline: [] },
  };
  for (const which of ['current', 'baseline', 'baseline', 'current'] as const) {
    // Both from their sources with tsx (bench/lib/server.ts), so only the commit differs.
    const repo = which === 'baseline' ? opts.baseline : REPO;
    opts.log(`  ${which}: ${castSpec.members + castSpec.observers} tablets casting at once × ${castSpec.items} item(s)`);
    const { record: _c, ...cast } = await runMeeting({ ...castSpec, repo, log: opts.log });
    out.cast[which].push(cast);
    opts.log(`  ${which}: ${closeSpec.items} items of ${closeSpec.members + closeSpec.observers} ballots, each closed`);
    const { record: _m, ...close } = await runMeeting({ ...closeSpec, repo, log: opts.log });
    out.close[which].push(close);
  }
  return out;
}

const all = (runs: Run[], f: (r: Run) => number[]) => runs.flatMap(f);
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

export function renderStorage(b: StorageBench, header: string): string {
  const cpu = (runs: Run[]) => median(runs.map((r) => r.serverCpuPerBallotMs));
  const cpuClose = (runs: Run[]) => median(runs.map((r) => r.serverCpuPerBallotWithCloseMs));
  const closes = (runs: Run[]) => all(runs, (r) => r.closeWallMs);
  const c = b.cast;
  const k = b.close;
  const ballots = k.current[0]?.tablets ?? 0;
  const L = [
    header,
    '',
    `Same run, this commit (${b.commit}) against the baseline (${b.baselineCommit}, the code before the ballot box), two runs each in the order this, baseline, baseline, this.`,
    '',
    `| measure | this commit | baseline | ratio | goal |`,
    '|---|---:|---:|---:|---|',
    `| server CPU per accepted ballot, ${c.current[0]?.tablets} tablets casting at once × ${c.current[0]?.items} items (median of runs) | ${ms(cpu(c.current))} ms | ${ms(cpu(c.baseline))} ms | ${ratio(cpu(c.current) / cpu(c.baseline))} | ≤ 5 ms: ${cpu(c.current) <= 5 ? '**met**' : '**not met**'} |`,
    `| the same with the close's share | ${ms(cpuClose(c.current))} ms | ${ms(cpuClose(c.baseline))} ms | ${ratio(cpuClose(c.current) / cpuClose(c.baseline))} | |`,
    `| close of an item of ${ballots} ballots (wall time of POST /close: tally, log, deletions, checkpoint, WAL sweep), median of ${closes(k.current).length} | ${ms(median(closes(k.current)))} ms | ${ms(median(closes(k.baseline)))} ms | ${ratio(median(closes(k.current)) / median(closes(k.baseline)))} | < 1 s: ${quantile(closes(k.current), 1) < 1000 ? '**met**' : '**not met**'} |`,
    `| the slowest of those closes | ${ms(quantile(closes(k.current), 1))} ms | ${ms(quantile(closes(k.baseline), 1))} ms | | |`,
    `| server CPU per accepted ballot in those ${ballots}-tablet items | ${ms(cpu(k.current))} ms | ${ms(cpu(k.baseline))} ms | ${ratio(cpu(k.current) / cpu(k.baseline))} | |`,
    '',
    `Ballots: ${all(c.current, (r) => [r.ballots]).reduce((a, x) => a + x, 0)} accepted and ${all(c.current, (r) => [r.countedAtClose]).reduce((a, x) => a + x, 0)} counted at close (this commit); mean cast p99 ${ms(mean(c.current.map((r) => quantile(r.castLatencies, 0.99))))} ms against ${ms(mean(c.baseline.map((r) => quantile(r.castLatencies, 0.99))))} ms.`,
  ];
  return L.join('\n');
}
