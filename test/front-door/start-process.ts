import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

export interface Started {
  child: ChildProcess;
  /** The start log line (pino JSON): port, pid of the service process, urls. */
  serving: { port: number; pid: number; urls: Record<string, string>; msg: string };
  stderr: () => string;
}

/** Runs a command from the repo root as a person would, and waits for the service's start log line. */
export async function startCommand(command: string, args: string[], env: Record<string, string>): Promise<Started> {
  const child = spawn(command, args, {
    cwd: ROOT,
    env: { ...process.env, NODE_OPTIONS: '', HOST: '127.0.0.1', PORT: '0', LOCAL_MODELS: 'false', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = once(child, 'exit').then(([code]) => {
    throw new Error(`${command} exited (${code}) before serving: ${stderr}`);
  });
  const serving = new Promise<Started['serving']>((resolve) => {
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const entry = line.startsWith('{') ? JSON.parse(line) : undefined;
      if (entry?.msg?.startsWith('serving')) resolve(entry);
    });
  });
  return { child, serving: await Promise.race([serving, exited]), stderr: () => stderr };
}

export function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
