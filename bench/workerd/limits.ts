/**
 * Cloudflare Workers CPU-time limits per invocation, as documented when this bench was written:
 * - https://developers.cloudflare.com/workers/platform/limits/ — CPU time: Workers Free 10 ms,
 *   Workers Paid 5 min (the most it can be raised to).
 * - https://developers.cloudflare.com/changelog/2025-03-25-higher-cpu-limits/ — Paid Workers are
 *   still limited to 30 s by default; `[limits] cpu_ms` in the wrangler configuration opts in to
 *   any value up to 300,000 (5 min).
 * - https://developers.cloudflare.com/workers/observability/errors/ — a request over its limit
 *   fails with error 1102 "Worker exceeded CPU time limit".
 * Time spent waiting (D1 queries, subrequests) is wall time and does not count; only CPU does.
 */
export const CPU_LIMITS_MS = {
  free: 10,
  paidDefault: 30_000,
  paidMax: 300_000,
} as const;

export type PlanNeed = 'free' | 'paid' | 'paid+cpu_ms' | 'over every plan';

/** The least a request costing `cpuMs` of CPU needs to run on Workers without error 1102. */
export function planFor(cpuMs: number): PlanNeed {
  if (!Number.isFinite(cpuMs) || cpuMs < 0) throw new Error(`CPU time must be a finite number of ms ≥ 0, got ${cpuMs}`);
  if (cpuMs <= CPU_LIMITS_MS.free) return 'free';
  if (cpuMs <= CPU_LIMITS_MS.paidDefault) return 'paid';
  if (cpuMs <= CPU_LIMITS_MS.paidMax) return 'paid+cpu_ms';
  return 'over every plan';
}

/** The plan verdict as a table cell: which plan, and how much headroom under its limit. */
export function describePlan(cpuMs: number): string {
  const need = planFor(cpuMs);
  const pct = (limit: number) => `${((cpuMs / limit) * 100).toPrecision(2)}% of ${limit >= 1000 ? `${limit / 1000} s` : `${limit} ms`}`;
  switch (need) {
    case 'free':
      return `Free plan (${pct(CPU_LIMITS_MS.free)})`;
    case 'paid':
      return `**Paid only** (${(cpuMs / CPU_LIMITS_MS.free).toFixed(1)}× Free's 10 ms; ${pct(CPU_LIMITS_MS.paidDefault)})`;
    case 'paid+cpu_ms':
      return `**Paid with [limits] cpu_ms ≥ ${Math.ceil(cpuMs / 1000) * 1000}** (over the 30 s default)`;
    case 'over every plan':
      return '**over every plan** (more than 5 min)';
  }
}
