import { describe, expect, it } from 'vitest';
import { describePlan, planFor } from './limits';
import { renderWorkerd } from './report';

describe('planFor: the least plan whose CPU limit a request fits', () => {
  it('puts each cost under its limit, limits included', () => {
    expect(planFor(0)).toBe('free');
    expect(planFor(10)).toBe('free');
    expect(planFor(10.01)).toBe('paid');
    expect(planFor(30_000)).toBe('paid');
    expect(planFor(30_001)).toBe('paid+cpu_ms');
    expect(planFor(300_000)).toBe('paid+cpu_ms');
    expect(planFor(300_001)).toBe('over every plan');
  });

  it('refuses a cost that is not a number of ms', () => {
    expect(() => planFor(-1)).toThrow();
    expect(() => planFor(Number.NaN)).toThrow();
    expect(() => planFor(Number.POSITIVE_INFINITY)).toThrow();
  });

  it('says what to set when the default 30 s is not enough', () => {
    expect(describePlan(4)).toMatch(/^Free plan/);
    expect(describePlan(33)).toMatch(/Paid only.*3\.3× Free/);
    expect(describePlan(45_500)).toContain('cpu_ms ≥ 46000');
  });
});

describe('renderWorkerd', () => {
  it('writes one row per request kind with its verdict from the costliest sample', () => {
    const row = (label: string, medianMs: number, maxMs: number) => ({ label, requests: 60, medianMs, p90Ms: maxMs, maxMs, meanFromTicksMs: medianMs });
    const md = renderWorkerd({
      machine: { date: '2026-11-22T04:40:00.000Z', cores: 2, cpuModel: 'test cpu', node: 'v20', memoryGiB: 1, loadStart: 0.5, loadEnd: 0.6 },
      wrangler: '4.86.0',
      workerdProcesses: { runtime: 1, proxyExcluded: 1 },
      source: { commit: 'cd4b3120000000000000000000000000000000aa', dirty: true, measured: 'HEAD' },
      tablets: 60,
      items: 1,
      durationS: 30,
      idleMsPerS: 0,
      baseline: row('GET /healthz (baseline)', 3, 4),
      rows: [row('token', 8, 9), row('cast', 9, 12)],
    });
    expect(md).toContain('| token | 60 | 8.00 ms |');
    expect(md).toContain('commit cd4b312');
    expect(md).toMatch(/\| token .*\| Free plan/);
    expect(md).toMatch(/\| cast .*\| \*\*Paid only\*\*/);
  });
});
