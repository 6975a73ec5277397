import { readFileSync } from 'node:fs';
import { availableParallelism, loadavg, release, totalmem } from 'node:os';

/** Where the figures came from: they mean little without it. */
export interface Machine {
  nproc: number;
  cpu: string;
  memoryGiB: number;
  node: string;
  kernel: string;
  chromium?: string;
  /** 1-minute load average when the run started and when it ended (busy machines skew everything). */
  loadStart: number;
  loadEnd?: number;
}

function cpuModel(): string {
  try {
    return /^model name\s*:\s*(.+)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1]?.trim() ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

export function describeMachine(): Machine {
  return {
    nproc: availableParallelism(),
    cpu: cpuModel(),
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    kernel: release(),
    loadStart: Math.round(loadavg()[0]! * 100) / 100,
  };
}

export const currentLoad = () => Math.round(loadavg()[0]! * 100) / 100;
