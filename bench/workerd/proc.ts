/**
 * CPU of the workerd processes, read from /proc from outside: inside workerd a Worker cannot
 * time its own CPU (Date.now() and performance.now() stand still while it computes, a
 * Spectre mitigation), so the bench reads the kernel's accounting of the processes instead.
 */
import { readdirSync, readFileSync } from 'node:fs';

/** Linux USER_HZ: utime and stime in /proc/<pid>/stat are counted in these ticks (10 ms). */
export const CLOCK_TICKS_PER_S = 100;

export interface ProcStat {
  pid: number;
  ppid: number;
  /** The executable's name as the kernel keeps it (at most 15 characters). */
  comm: string;
  utimeTicks: number;
  stimeTicks: number;
}

/**
 * One line of /proc/<pid>/stat (proc(5)). The name sits in parentheses and may itself hold
 * spaces and parentheses, so the fields are counted from the LAST ')': after it come state (3),
 * ppid (4), … utime (14), stime (15).
 */
export function parseProcStat(line: string): ProcStat {
  const open = line.indexOf('(');
  const close = line.lastIndexOf(')');
  if (open < 1 || close < open) throw new Error(`not a /proc/<pid>/stat line: ${JSON.stringify(line.slice(0, 80))}`);
  const pid = Number(line.slice(0, open).trim());
  const rest = line.slice(close + 2).trim().split(/\s+/);
  if (!Number.isInteger(pid) || rest.length < 13) throw new Error(`not a /proc/<pid>/stat line: ${JSON.stringify(line.slice(0, 80))}`);
  const [ppid, utime, stime] = [rest[1], rest[11], rest[12]].map(Number) as [number, number, number];
  if (![ppid, utime, stime].every(Number.isInteger)) throw new Error(`/proc/<pid>/stat fields are not integers: ${JSON.stringify(line.slice(0, 80))}`);
  return { pid, ppid, comm: line.slice(open + 1, close), utimeTicks: utime, stimeTicks: stime };
}

/** Every process below `root` (children, grandchildren, …), from a table of pid → ppid. */
export function descendants(root: number, parentOf: ReadonlyMap<number, number>): number[] {
  const children = new Map<number, number[]>();
  for (const [pid, ppid] of parentOf) children.set(ppid, [...(children.get(ppid) ?? []), pid]);
  const out: number[] = [];
  const queue = [...(children.get(root) ?? [])];
  while (queue.length > 0) {
    const pid = queue.shift()!;
    out.push(pid);
    queue.push(...(children.get(pid) ?? []));
  }
  return out.sort((a, b) => a - b);
}

/** The first field of /proc/<pid>/task/<tid>/schedstat: nanoseconds the thread has run. */
export function parseSchedstat(text: string): number {
  const field = text.trim().split(/\s+/)[0] ?? '';
  const ns = Number(field);
  // Number('') is 0: an empty file must not read as a thread that never ran.
  if (!/^\d+$/.test(field) || !Number.isSafeInteger(ns)) throw new Error(`not a schedstat line: ${JSON.stringify(text.slice(0, 80))}`);
  return ns;
}

function readStat(pid: number): ProcStat | undefined {
  try {
    return parseProcStat(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    // The process ended between listing /proc and reading it.
    return undefined;
  }
}

/** The processes named `name` started (at any depth) by the process `root`. */
export function processesBelow(root: number, name: string): number[] {
  const parentOf = new Map<number, number>();
  const comm = new Map<number, string>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = readStat(Number(entry));
    if (!stat) continue;
    parentOf.set(stat.pid, stat.ppid);
    comm.set(stat.pid, stat.comm);
  }
  return descendants(root, parentOf).filter((pid) => comm.get(pid) === name);
}

/**
 * The workerd processes below `root` — only those, so another engineer's workerd (a
 * vitest-pool-workers run) on the same machine is never counted.
 */
export const workerdBelow = (root: number): number[] => processesBelow(root, 'workerd');

export interface CpuReading {
  /** utime + stime of the processes (every thread, living or ended), seconds; 10 ms steps. */
  ticksS: number;
  /** Run time of the processes' living threads from schedstat, ns; undefined where the kernel has no schedstat. */
  runNs: number | undefined;
}

/** Run time of every living thread of `pid`, ns; undefined when the kernel keeps no schedstat. */
function threadRunNs(pid: number): number | undefined {
  let sum = 0;
  let found = false;
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    try {
      sum += parseSchedstat(readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8'));
      found = true;
    } catch (err) {
      // A thread that ended after the listing has no run time left to add; anything else is a fault.
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT' && (err as NodeJS.ErrnoException).code !== 'ESRCH') throw err;
    }
  }
  return found ? sum : undefined;
}

/** Reads both clocks of a fixed set of processes. */
export function readCpu(pids: readonly number[]): CpuReading {
  let ticks = 0;
  let runNs: number | undefined = 0;
  for (const pid of pids) {
    const stat = readStat(pid);
    if (!stat) throw new Error(`workerd process ${pid} is gone`);
    ticks += stat.utimeTicks + stat.stimeTicks;
    const ns = threadRunNs(pid);
    runNs = runNs === undefined || ns === undefined ? undefined : runNs + ns;
  }
  return { ticksS: ticks / CLOCK_TICKS_PER_S, runNs };
}
