import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { descendants, parseProcStat, parseSchedstat, processesBelow, readCpu } from './proc';

// proc(5): pid (comm) state ppid pgrp session tty_nr tpgid flags minflt cminflt majflt cmajflt utime stime …
const statLine = (pid: number, comm: string, ppid: number, utime: number, stime: number) =>
  `${pid} (${comm}) S ${ppid} 100 100 0 -1 4194560 5000 0 0 0 ${utime} ${stime} 0 0 20 0 9 0 12345 1000000 2000 18446744073709551615\n`;

describe('parseProcStat', () => {
  it('reads pid, ppid, name, utime and stime', () => {
    expect(parseProcStat(statLine(4242, 'workerd', 4200, 731, 59))).toEqual({ pid: 4242, ppid: 4200, comm: 'workerd', utimeTicks: 731, stimeTicks: 59 });
  });

  it('counts fields from the last parenthesis, so a name with spaces and ")" does not shift them', () => {
    expect(parseProcStat(statLine(7, 'a) b (c', 1, 12, 34))).toMatchObject({ comm: 'a) b (c', ppid: 1, utimeTicks: 12, stimeTicks: 34 });
  });

  it('refuses a line that is not a stat line', () => {
    expect(() => parseProcStat('')).toThrow();
    expect(() => parseProcStat('4242 workerd S 1 2 3')).toThrow();
    expect(() => parseProcStat('4242 (workerd) S 1 2')).toThrow();
    expect(() => parseProcStat(statLine(1, 'x', 0, 5, 6).replace(' 5 6 ', ' five 6 '))).toThrow();
  });

  it('reads this process from /proc', async () => {
    const { readFileSync } = await import('node:fs');
    const me = parseProcStat(readFileSync(`/proc/${process.pid}/stat`, 'utf8'));
    expect(me.pid).toBe(process.pid);
    expect(me.ppid).toBe(process.ppid);
  });
});

describe('descendants', () => {
  const tree = new Map([
    [10, 1],
    [11, 10],
    [12, 11],
    [13, 10],
    [20, 1],
    [21, 20],
  ]);

  it('finds children and grandchildren, never siblings or the root itself', () => {
    expect(descendants(10, tree)).toEqual([11, 12, 13]);
    expect(descendants(20, tree)).toEqual([21]);
    expect(descendants(12, tree)).toEqual([]);
  });

  it('finds a real child process by its name', async () => {
    const child = spawn('sleep', ['30'], { stdio: 'ignore' });
    try {
      await new Promise((r) => child.once('spawn', r));
      expect(processesBelow(process.pid, 'sleep')).toContain(child.pid);
      expect(processesBelow(process.pid, 'workerd')).toEqual([]);
    } finally {
      child.kill();
    }
  });
});

describe('parseSchedstat and readCpu', () => {
  it('takes the run time in ns from the first field', () => {
    expect(parseSchedstat('123456789 2000 17\n')).toBe(123456789);
    expect(() => parseSchedstat('')).toThrow();
    expect(() => parseSchedstat('-5 1 1')).toThrow();
    expect(() => parseSchedstat('abc 1 1')).toThrow();
  });

  it('reads a process that exists and refuses one that does not', () => {
    const cpu = readCpu([process.pid]);
    expect(cpu.ticksS).toBeGreaterThanOrEqual(0);
    if (cpu.runNs !== undefined) expect(cpu.runNs).toBeGreaterThan(0);
    expect(() => readCpu([2 ** 22 + 1])).toThrow(/gone/);
  });
});
