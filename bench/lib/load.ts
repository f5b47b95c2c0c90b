import { spawn } from 'node:child_process';
import { distPath } from './processes.js';
import type { LoadPlan, LoadResult } from './load-types.js';
import { cpuMsOf } from './proc-stats.js';

export type { LoadPlan, LoadResult };

/** Runs a plan in a fresh client process; also reports the CPU the client itself used. */
export function runLoad(plan: LoadPlan): Promise<LoadResult & { clientCpuMs: number }> {
  const proc = spawn(process.execPath, [distPath('bench/lib/load-worker.js')], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  return new Promise((resolve, reject) => {
    let cpu = 0;
    const timer = setInterval(() => {
      try {
        cpu = cpuMsOf(proc.pid!);
      } catch {
        /* gone */
      }
    }, 250);
    proc.once('message', (r) => {
      clearInterval(timer);
      resolve({ ...(r as LoadResult), clientCpuMs: cpu });
    });
    proc.once('exit', (code) => {
      clearInterval(timer);
      if (code !== 0) reject(new Error(`load client exited with ${code}`));
    });
    proc.send(plan);
  });
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}
