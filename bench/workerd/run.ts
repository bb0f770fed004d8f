/**
 * CPU per request inside workerd (issue 8): the Worker under `wrangler dev` on 127.0.0.1 with a
 * local D1 in a temporary folder; the bench plays the officers and 60 tablets (45 members,
 * 15 observers) over HTTP, one request at a time, reading the workerd processes' CPU from /proc
 * around each request. Writes bench/results/workerd-<date>.json and bench/results/workerd-latest.md
 * and prints the Markdown; BENCHMARKS.md is edited by hand.
 *
 *   npx tsx bench/workerd/run.ts              3 items (180 tokens, 180 casts, 3 closes of 60 ballots)
 *   npx tsx bench/workerd/run.ts --items 30   the largest meeting (R5: 30 nominees)
 *   npx tsx bench/workerd/run.ts --worktree   the working tree as it is, not the last commit
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import type { Choice } from '../../crypto/ballot';
import { machineInfo } from '../lib/machine';
import { REPO } from '../lib/server';
import { localD1, sourceState } from './dev';
import { measured, newPhase, summarize, type Phase } from './measure';
import { adminSql, prepareMeeting } from './prepare';
import { renderWorkerd, type WorkerdResults } from './report';
import { ballotBody, castBallot, itemKeys, prepareToken, requestToken, signIn } from './tablet';

const SHAPE = { members: 45, observers: 15 } as const;

function itemsArg(argv: string[]): number {
  const i = argv.indexOf('--items');
  if (i < 0) return 3;
  const n = Number(argv[i + 1]);
  // R5: at most 30 nominees a meeting, one nominee an item.
  if (!Number.isInteger(n) || n < 1 || n > 30) throw new Error('--items takes an integer 1..30');
  return n;
}

const started = performance.now();
const log = (line: string) => console.error(`${((performance.now() - started) / 1000).toFixed(0).padStart(4)} s ${line}`);

async function main(): Promise<void> {
  const items = itemsArg(process.argv.slice(2));
  const machine = machineInfo();
  const tablets = SHAPE.members + SHAPE.observers;
  log(`workerd bench: ${items} item(s) × ${tablets} tablets, load ${machine.loadStart.toFixed(2)} on ${machine.cores} cores`);

  const worktree = process.argv.includes('--worktree');
  const source = { ...sourceState(), measured: worktree ? 'working tree' : 'HEAD' };
  log(`measuring ${source.measured} (commit ${source.commit.slice(0, 7)}${source.dirty ? ', working tree has uncommitted changes' : ''})`);
  const d1 = localD1({ worktree });
  let stopWorker = async () => {};
  // Interrupted: stop wrangler and its workerd and remove the folder before leaving.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      log(`${signal}: stopping wrangler dev`);
      void stopWorker().finally(() => {
        d1.remove();
        process.exit(130);
      });
    });
  }
  try {
    const admin = await adminSql();
    d1.execute(admin.sql);
    log('local D1 migrated, first admin inserted; starting wrangler dev');
    const worker = await d1.start();
    stopWorker = worker.stop;
    try {
      const clock = worker.cpu;
      const phases = {
        healthz: newPhase('GET /healthz (baseline)'),
        login: newPhase('officer login (scrypt N=2^15)'),
        createOfficer: newPhase('admin creates an officer (scrypt N=2^15)'),
        signIn: newPhase('tablet sign-in with a slip code'),
        open: newPhase('open an item (derives its issuer keys)'),
        token: newPhase('**token issuance** POST /api/items/{id}/tokens'),
        cast: newPhase('**ballot cast** POST /api/ballots'),
        close: newPhase(`**close an item of ${tablets} ballots** (tally, log entries, checkpoint)`),
        closeMeeting: newPhase(`close the meeting (${items} items)`),
        record: newPhase(`GET the record (${items} items)`),
      } satisfies Record<string, Phase>;

      const idle0 = clock();
      await new Promise((r) => setTimeout(r, 2000));
      const idleMsPerS = ((clock().ticksS - idle0.ticksS) * 1000) / 2;
      const healthz = async (n: number) => {
        for (let i = 0; i < n; i++) await measured(phases.healthz, clock, async () => void (await (await fetch(`${worker.base}/healthz`)).text()));
      };
      await healthz(tablets);

      const m = await prepareMeeting(worker.base, admin, { ...SHAPE, items }, { clock, login: phases.login, createOfficer: phases.createOfficer });
      const { presiding } = m;
      await presiding.post(`/api/meetings/${m.meetingId}/open`);
      // One after another: sign-in is throttled per address, and 127.0.0.1 is one address.
      const bearers: Array<{ bearer: string; klass: 'A' | 'B' }> = [];
      for (const slip of m.slips) bearers.push({ bearer: await measured(phases.signIn, clock, () => signIn(worker.base, m.meetingId, slip.code)), klass: slip.class });
      log(`meeting prepared through the API; ${bearers.length} tablets signed in`);

      for (const [k, item] of m.items.entries()) {
        await healthz(tablets);
        await measured(phases.open, clock, () => presiding.post(`/api/items/${item.id}/open`));
        const keys = await itemKeys(worker.base, item.id);
        const choice = (i: number): Record<string, Choice> => ({ [item.nomineeId]: i % 5 === 4 ? 'disapprove' : i % 7 === 6 ? 'abstain' : 'approve' });
        const ballots: string[] = [];
        for (const [i, t] of bearers.entries()) {
          const pending = prepareToken(keys, t.klass);
          const signed = await measured(phases.token, clock, () => requestToken(worker.base, item.id, t.bearer, pending));
          ballots.push(ballotBody(keys, item.id, pending, signed, choice(i)));
        }
        for (const body of ballots) await measured(phases.cast, clock, () => castBallot(worker.base, body));
        const closed = await measured(phases.close, clock, () => presiding.post(`/api/items/${item.id}/close`));
        const counted = (closed.result?.A?.cast ?? 0) + (closed.result?.B?.cast ?? 0);
        if (counted !== ballots.length) throw new Error(`item ${k + 1}: ${ballots.length} ballots cast, ${counted} counted at close`);
        await presiding.post(`/api/items/${item.id}/announce`);
        log(`item ${k + 1}/${items}: ${ballots.length} tokens, ${ballots.length} casts, closed with ${counted} counted`);
      }
      await measured(phases.closeMeeting, clock, () => presiding.post(`/api/meetings/${m.meetingId}/close`));
      await measured(phases.record, clock, () => presiding.get(`/api/meetings/${m.meetingId}/record`));

      machine.loadEnd = loadavg()[0]!;
      const { healthz: base, ...rest } = phases;
      const results: WorkerdResults & { phases: typeof phases } = {
        machine,
        wrangler: (JSON.parse(readFileSync(join(REPO, 'node_modules/wrangler/package.json'), 'utf8')) as { version: string }).version,
        workerdProcesses: { runtime: worker.runtime.length, proxyExcluded: worker.proxy.length },
        source,
        tablets,
        items,
        durationS: (performance.now() - started) / 1000,
        idleMsPerS,
        baseline: summarize(base),
        rows: Object.values(rest).map((p) => summarize(p, base)),
        phases,
      };
      const report = renderWorkerd(results);
      const dir = join(REPO, 'bench/results');
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, `workerd-${machine.date.replace(/[:.]/g, '-')}.json`), JSON.stringify(results, null, 1));
      writeFileSync(join(dir, 'workerd-latest.md'), report);
      console.log(report);
    } catch (err) {
      console.error(`wrangler dev output:\n${worker.output().slice(-4000)}`);
      throw err;
    } finally {
      await worker.stop();
    }
  } finally {
    d1.remove();
  }
}

main().catch((err) => {
  console.error('workerd bench failed:', err);
  process.exitCode = 1;
});
