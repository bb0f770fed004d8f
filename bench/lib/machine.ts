import { readFileSync } from 'node:fs';
import { availableParallelism, loadavg, totalmem } from 'node:os';

export interface MachineInfo {
  date: string;
  cores: number;
  cpuModel: string;
  node: string;
  memoryGiB: number;
  /** 1-minute load average at the start and end of the run: above `cores` means a busy machine. */
  loadStart: number;
  loadEnd?: number;
}

export function machineInfo(): MachineInfo {
  let cpuModel = 'unknown';
  try {
    cpuModel = /^model name\s*:\s*(.+)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1] ?? cpuModel;
  } catch {
    // Not Linux: the model stays unknown; every other field comes from node:os.
  }
  return {
    date: new Date().toISOString(),
    cores: availableParallelism(),
    cpuModel,
    node: process.version,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    loadStart: loadavg()[0]!,
  };
}
