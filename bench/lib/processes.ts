import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** Compiled entry points live in dist-bench/, two levels above this file once compiled. */
export const distPath = (rel: string): string => fileURLToPath(new URL(`../../${rel}`, import.meta.url));

export interface Child {
  proc: ChildProcess;
  url: string;
  stop(): Promise<void>;
}

/** Starts a node script that prints `LISTENING <url>` once it serves, and returns its url. */
export async function startChild(script: string, env: Record<string, string> = {}, args: string[] = []): Promise<Child> {
  const proc = spawn(process.execPath, [...args, script], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit', 'ipc'] });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    proc.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /LISTENING (\S+)/.exec(out);
      if (m) resolve(m[1]!);
    });
    proc.once('exit', (code) => reject(new Error(`${script} exited with ${code}: ${out}`)));
  });
  proc.stdout!.resume();
  return {
    proc,
    url,
    stop: () => new Promise((resolve) => (proc.exitCode !== null ? resolve() : (proc.once('exit', () => resolve()), proc.kill('SIGTERM')))),
  };
}

/** Asks a child started with startChild for its stats (or another answer) over IPC. */
export function askStats<T>(child: Child, question = 'stats'): Promise<T> {
  return new Promise((resolve) => {
    child.proc.once('message', (m) => resolve(m as T));
    child.proc.send(question);
  });
}

/** Current and peak resident memory of a process, from /proc (Linux). */
export function memoryOf(pid: number): { rssMb: number; peakMb: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (key: string) => Number(new RegExp(`${key}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
  return { rssMb: kb('VmRSS') / 1024, peakMb: kb('VmHWM') / 1024 };
}
