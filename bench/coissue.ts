/**
 * Issue 18 point 5, the cost of co-issuance (docs/coissuance.md), every figure against its
 * service-only twin of the same run:
 *   - tokens: every tablet of the meeting asks at once, per item; latency from the token
 *     request's send to its 200, the co-issuer's round trip (the built CLI in its own process,
 *     bench/lib/coissuer.ts) and any 202 wait included — goal p99 ≤ 1 s with 60 tablets;
 *   - the tablet in Chromium: blind + finalizeCoissued (two partial checks + unblind), goal
 *     ≤ 40 ms median (bench/browser.ts measures both in one page);
 *   - verification of the whole co-issued meeting against the service-only one of the same
 *     size: "unchanged within noise" (the two records are verified alternately, so a neighbour's
 *     burst on a shared machine falls on both).
 */
import { writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { verifyRecord } from '../src/verifier';
import { verifyRecordNode } from '../src/verifier-node';
import type { BrowserBench } from './browser';
import { ms, median, quantile, ratio } from './lib/stats';
import { runMeeting, type MeetingRun, type MeetingSpec } from './meeting';

export interface VerifyPair {
  name: string;
  serviceOnly: number[];
  coissued: number[];
}

export interface CoissueBench {
  serviceOnly: Omit<MeetingRun, 'record'>;
  coissued: Omit<MeetingRun, 'record'>;
  entries: { serviceOnly: number; coissued: number };
  verify: VerifyPair[];
}

/** The co-issued twin of a service-only meeting already run (same size), then both records verified alternately. */
export async function benchCoissue(
  spec: Omit<MeetingSpec, 'issuance'>,
  serviceOnly: MeetingRun,
  opts: { repeats: number; log: (line: string) => void; keepRecords?: string },
): Promise<CoissueBench> {
  const { record: coRecord, ...coissued } = await runMeeting({ ...spec, log: opts.log, issuance: 'coissued' });
  const { record: soRecord, ...so } = serviceOnly;
  const records = { serviceOnly: soRecord as { entries: string[] }, coissued: coRecord as { entries: string[] } };
  // Both records are kept (bench/results is ignored by git) so the verification rows can be
  // profiled again without running the meetings: `sealvote verify <file>`.
  if (opts.keepRecords) for (const [which, r] of Object.entries(records)) writeFileSync(`${opts.keepRecords}-${which}.json`, JSON.stringify(r));
  const cores = availableParallelism();
  const ways: Array<[string, (r: unknown) => Promise<{ ok: boolean; checks: Array<{ id: string; status: string }> }>]> = [
    [`sealvote verify (CLI default): verifyRecordNode, auto, ${cores} thread${cores > 1 ? 's' : ''}`, (r) => verifyRecordNode(r)],
    ['sealvote verifyRecord (noble, this thread)', async (r) => verifyRecord(r)],
  ];
  const verify: VerifyPair[] = [];
  for (const [name, f] of ways) {
    const pair: VerifyPair = { name, serviceOnly: [], coissued: [] };
    // One untimed round each (JIT, mcl-wasm load), then alternate.
    for (const [which, r] of Object.entries(records)) mustPass(await f(r), `${name} on the ${which} record`, which === 'coissued');
    for (let i = 0; i < opts.repeats; i++) {
      for (const which of (i % 2 === 0 ? ['serviceOnly', 'coissued'] : ['coissued', 'serviceOnly']) as Array<keyof typeof records>) {
        const t0 = performance.now();
        mustPass(await f(records[which]), name, which === 'coissued');
        pair[which].push(performance.now() - t0);
      }
    }
    opts.log(`  ${name}: service only ${ms(median(pair.serviceOnly))} ms, co-issued ${ms(median(pair.coissued))} ms`);
    verify.push(pair);
  }
  return { serviceOnly: so, coissued, entries: { serviceOnly: records.serviceOnly.entries.length, coissued: records.coissued.entries.length }, verify };
}

/** A row that rejects is a bug, not a fast result; a co-issued record must have run the co-issuance checks. */
function mustPass(report: { ok: boolean; checks: Array<{ id: string; status: string }> }, what: string, coissued: boolean): void {
  if (!report.ok) throw new Error(`${what} rejected the record: the benchmark is not measuring a valid verification`);
  if (coissued && !report.checks.some((c) => c.id === 'coissuer-rolls' && c.status === 'pass')) throw new Error(`${what}: no coissuer-rolls check ran`);
}

const met = (ok: boolean) => (ok ? '**met**' : '**not met**');

/** Markdown for the co-issuance section (the full run's report and `--only coissue`). */
export function renderCoissue(c: CoissueBench, browser: BrowserBench, heading = '#### 6. Co-issuance (issue 18)'): string[] {
  const L: string[] = [heading, ''];
  const so = c.serviceOnly;
  const co = c.coissued;
  const p99 = quantile(co.tokenLatencies, 0.99);
  L.push(`Token requests: ${co.items} items × ${co.tablets} tablets, every tablet asking at once per item, over HTTP to the built server; co-issued: the commission's co-issuer is the built CLI (\`sealvote coissue run\`) in a process of its own, long-polling the server.`);
  L.push('');
  L.push('| issuance | tokens | p50 | p99 | max | 202 waits | server CPU per token | co-issuer CPU per token |');
  L.push('|---|---:|---:|---:|---:|---:|---:|---:|');
  const row = (label: string, r: Omit<MeetingRun, 'record'>) =>
    L.push(
      `| ${label} | ${r.tokenLatencies.length} | ${ms(quantile(r.tokenLatencies, 0.5))} ms | ${ms(quantile(r.tokenLatencies, 0.99))} ms | ${ms(Math.max(...r.tokenLatencies))} ms | ${r.tokenWaits} | ${ms(r.serverCpuPerTokenMs)} ms | ${r.coissuerCpuPerTokenMs === undefined ? '—' : `${ms(r.coissuerCpuPerTokenMs)} ms`} |`,
    );
  row('service only', so);
  row('**co-issued**', co);
  L.push('');
  L.push(`Goal: ${co.tablets} tablets asking at once get their tokens with p99 ≤ 1 s, the co-issuer included: ${ms(p99)} ms — ${met(p99 <= 1000 && co.tokenWaits === 0)}. Same run, co-issued ÷ service only: p50 ${ratio(quantile(co.tokenLatencies, 0.5) / quantile(so.tokenLatencies, 0.5))}, p99 ${ratio(p99 / quantile(so.tokenLatencies, 0.99))}. Ballots: ${co.ballots} accepted, ${co.refused} refused, ${co.countedAtClose} counted at close.`);
  L.push('');
  if ('skipped' in browser || !browser.coissued) {
    L.push(`Tablet in Chromium — skipped: ${'skipped' in browser ? browser.skipped : 'no co-issued figures'}.`);
  } else {
    const total = (x: { blind: number[]; finalize: number[] }) => x.blind.map((b, i) => b + x.finalize[i]!);
    const soT = total(browser);
    const coT = total(browser.coissued);
    L.push(`| tablet, ${browser.browser} headless (${coT.length} tokens each) | blind | finalize | blind + finalize: median | p99 |`);
    L.push('|---|---:|---:|---:|---:|');
    L.push(`| service only: finalize = r⁻¹·S', one pairing check | ${ms(median(browser.blind))} ms | ${ms(median(browser.finalize))} ms | ${ms(median(soT))} ms | ${ms(quantile(soT, 0.99))} ms |`);
    L.push(`| **co-issued**: finalizeCoissued = combined key checked, each partial under its share (two pairing checks), r⁻¹·(S'_s + S'_c) | ${ms(median(browser.coissued.blind))} ms | ${ms(median(browser.coissued.finalize))} ms | ${ms(median(coT))} ms | ${ms(quantile(coT, 0.99))} ms |`);
    L.push('');
    L.push(`Goal: blind + two partial checks + unblind ≤ 40 ms median in Chromium: ${ms(median(coT))} ms — ${met(median(coT) <= 40)} (${ratio(median(coT) / median(soT))} of the service-only tablet).`);
  }
  L.push('');
  L.push(`Verification of the whole meeting (${c.entries.serviceOnly} log entries service only, ${c.entries.coissued} co-issued: + the co-issuer's rolls), the two records verified alternately, ${c.verify[0]?.serviceOnly.length ?? 0} times each:`);
  L.push('');
  L.push('| verifier | service only: median (min–max) | co-issued: median (min–max) | co-issued ÷ service only |');
  L.push('|---|---:|---:|---:|');
  const span = (xs: number[]) => `${ms(median(xs))} ms (${ms(Math.min(...xs))}–${ms(Math.max(...xs))})`;
  for (const v of c.verify) L.push(`| ${v.name} | ${span(v.serviceOnly)} | ${span(v.coissued)} | ${ratio(median(v.coissued) / median(v.serviceOnly))} |`);
  L.push('');
  const cli = c.verify[0];
  if (cli) {
    // "Within noise": the co-issued median inside the service-only samples' spread, or within 10 %.
    const within = median(cli.coissued) <= Math.max(Math.max(...cli.serviceOnly), 1.1 * median(cli.serviceOnly));
    L.push(`Goal: verification unchanged within noise (co-issued median within the service-only samples' range or 10 % of their median): ${ratio(median(cli.coissued) / median(cli.serviceOnly))} — ${met(within)}. The co-issuance checks add per key two proofs of possession (2 pairing products each) and an Ed25519 statement, per vote and class one Ed25519 roll.`);
  }
  L.push('');
  return L;
}
