/**
 * Per-request CPU of workerd from outside: the clock is read just before a request is sent and
 * just after its answer is read, requests go one at a time, and the same number of cheap
 * requests (GET /healthz) measured in the same run is the baseline that is subtracted — it
 * holds the HTTP, routing and wrangler proxy cost that every request pays.
 */
import { median, quantile } from '../lib/stats';
import type { CpuReading } from './proc';

export interface CpuDelta {
  ticksS: number;
  runNs: number | undefined;
}

export function cpuDelta(before: CpuReading, after: CpuReading): CpuDelta {
  return {
    ticksS: after.ticksS - before.ticksS,
    runNs: before.runNs === undefined || after.runNs === undefined ? undefined : after.runNs - before.runNs,
  };
}

/** The samples of one kind of request, all measured one at a time. */
export interface Phase {
  label: string;
  /** CPU (ns) of each request, from schedstat; empty where the kernel keeps none. */
  perRequestNs: number[];
  /** utime + stime over all of the phase's requests (and the gaps between them), seconds. */
  ticksS: number;
  requests: number;
}

export function newPhase(label: string): Phase {
  return { label, perRequestNs: [], ticksS: 0, requests: 0 };
}

/** Runs `send` once and adds its CPU to `phase`. */
export async function measured<T>(phase: Phase, clock: () => CpuReading, send: () => Promise<T>): Promise<T> {
  const before = clock();
  const value = await send();
  const d = cpuDelta(before, clock());
  phase.requests += 1;
  phase.ticksS += d.ticksS;
  // A thread that ended during the request takes its run time with it: such a sample is dropped,
  // never counted as a negative cost (the ticks total still holds it).
  if (d.runNs !== undefined && d.runNs >= 0) phase.perRequestNs.push(d.runNs);
  return value;
}

export interface PhaseSummary {
  label: string;
  requests: number;
  /** Per request, minus the baseline's median: median, 90th percentile and largest, ms. */
  medianMs: number;
  p90Ms: number;
  maxMs: number;
  /** (phase ticks − baseline ticks per request × requests) / requests: catches work done after the answer. */
  meanFromTicksMs: number;
}

/** A phase net of the baseline. Without a baseline (the baseline itself) nothing is subtracted. */
export function summarize(phase: Phase, baseline?: Phase): PhaseSummary {
  if (phase.requests === 0) throw new Error(`phase "${phase.label}" has no requests`);
  const baseMedianNs = baseline && baseline.perRequestNs.length > 0 ? median(baseline.perRequestNs) : 0;
  const baseMeanS = baseline && baseline.requests > 0 ? baseline.ticksS / baseline.requests : 0;
  const net = phase.perRequestNs.map((ns) => (ns - baseMedianNs) / 1e6);
  return {
    label: phase.label,
    requests: phase.requests,
    medianMs: net.length > 0 ? median(net) : Number.NaN,
    p90Ms: net.length > 0 ? quantile(net, 0.9) : Number.NaN,
    maxMs: net.length > 0 ? Math.max(...net) : Number.NaN,
    meanFromTicksMs: (phase.ticksS / phase.requests - baseMeanS) * 1000,
  };
}
