import { describe, expect, it } from 'vitest';
import { measured, newPhase, summarize, type Phase } from './measure';
import type { CpuReading } from './proc';

const phase = (label: string, perRequestMs: number[], ticksS: number): Phase => ({
  label,
  perRequestNs: perRequestMs.map((m) => m * 1e6),
  ticksS,
  requests: perRequestMs.length,
});

describe('summarize', () => {
  it('subtracts the median of the baseline from every request', () => {
    const base = phase('healthz', [2, 3, 3, 4, 100], 0.05);
    const s = summarize(phase('token', [10, 20, 30, 40, 50, 60, 70, 80, 90, 100], 0.6), base);
    expect(s.medianMs).toBeCloseTo(47);
    expect(s.p90Ms).toBeCloseTo(87);
    expect(s.maxMs).toBeCloseTo(97);
    // (0.6 s / 10 − 0.05 s / 5) × 1000
    expect(s.meanFromTicksMs).toBeCloseTo(50);
    expect(s.requests).toBe(10);
  });

  it('leaves the baseline itself as measured', () => {
    expect(summarize(phase('healthz', [2, 3, 4], 0.01))).toMatchObject({ medianMs: 3, maxMs: 4 });
  });

  it('reports the ticks mean when the kernel keeps no schedstat', () => {
    const s = summarize({ label: 'cast', perRequestNs: [], ticksS: 0.3, requests: 10 });
    expect(s.medianMs).toBeNaN();
    expect(s.meanFromTicksMs).toBeCloseTo(30);
  });

  it('refuses a phase with no requests', () => {
    expect(() => summarize(newPhase('empty'))).toThrow(/no requests/);
  });
});

describe('measured', () => {
  it('adds the CPU between the readings before and after each request', async () => {
    const readings: CpuReading[] = [
      { ticksS: 1.0, runNs: 5_000_000 },
      { ticksS: 1.02, runNs: 21_000_000 },
      { ticksS: 1.02, runNs: 21_000_000 },
      // A thread ended during the request: its run time left the sum. The sample is dropped.
      { ticksS: 1.05, runNs: 1_000_000 },
    ];
    const clock = () => readings.shift()!;
    const p = newPhase('token');
    expect(await measured(p, clock, async () => 'first')).toBe('first');
    await measured(p, clock, async () => 'second');
    expect(p.requests).toBe(2);
    expect(p.perRequestNs).toEqual([16_000_000]);
    expect(p.ticksS).toBeCloseTo(0.05);
  });

  it('counts nothing when the request fails', async () => {
    const p = newPhase('cast');
    const clock = () => ({ ticksS: 0, runNs: 0 });
    await expect(measured(p, clock, async () => Promise.reject(new Error('HTTP 409')))).rejects.toThrow('409');
    expect(p.requests).toBe(0);
  });
});
