import { afterEach, describe, expect, it, vi } from 'vitest';
import { singleFlight, throttleLatest } from '../../kiosk/src/lib/coalesce';

afterEach(() => vi.useRealTimers());

describe('throttleLatest', () => {
  it('passes the first call at once, then the latest once per interval, then stops', () => {
    vi.useFakeTimers();
    const seen: number[] = [];
    const f = throttleLatest((n: number) => seen.push(n), 300);
    f(1);
    expect(seen).toEqual([1]);
    for (let n = 2; n <= 50; n++) f(n);
    expect(seen).toEqual([1]);
    vi.advanceTimersByTime(300);
    expect(seen).toEqual([1, 50]);
    vi.advanceTimersByTime(1000);
    expect(seen).toEqual([1, 50]);
    f(51);
    expect(seen).toEqual([1, 50, 51]);
  });
});

describe('singleFlight', () => {
  it('runs one at a time and once more after calls made meanwhile', async () => {
    let runs = 0;
    let active = 0;
    let most = 0;
    const release: Array<() => void> = [];
    const f = singleFlight(async () => {
      runs++;
      active++;
      most = Math.max(most, active);
      await new Promise<void>((r) => release.push(r));
      active--;
    });
    const first = f();
    for (let i = 0; i < 10; i++) void f();
    expect(runs).toBe(1);
    release.shift()!();
    await first;
    await vi.waitFor(() => expect(runs).toBe(2));
    release.shift()!();
    await vi.waitFor(() => expect(active).toBe(0));
    expect(runs).toBe(2);
    expect(most).toBe(1);
    void f();
    expect(runs).toBe(3);
    release.shift()!();
  });

  it('keeps working after a run fails', async () => {
    let n = 0;
    const f = singleFlight(async () => {
      n++;
      if (n === 1) throw new Error('offline');
    });
    await expect(f()).rejects.toThrow('offline');
    await f();
    expect(n).toBe(2);
  });
});
