import { spawn } from 'node:child_process';
import type { FakeClarifaiOptions } from './fake-clarifai/index.js';

export interface LoggedCall {
  path: string;
  rateLimited: boolean;
  startedAt: number;
  admittedAt?: number;
  inputs: Array<{ url?: string }>;
}

export interface FakeLog {
  calls: LoggedCall[];
  imagesBilled: number;
  /** Event-loop gaps of the fake over 40 ms since the last reset (Date.now() when each began). */
  stalls: Array<{ at: number; ms: number }>;
}

export interface FakeClarifaiProcess {
  url: string;
  /** The call log so far, the images billed (answered calls' inputs) and the fake's event-loop stalls. */
  calls(): Promise<FakeLog>;
  reset(): Promise<void>;
  close(): Promise<void>;
}

/** The fake Clarifai in a process of its own (see fake-clarifai-entry.mjs); options must be JSON. */
export async function startFakeClarifaiProcess(options: FakeClarifaiOptions): Promise<FakeClarifaiProcess> {
  const entry = new URL('./fake-clarifai-entry.mjs', import.meta.url);
  const child = spawn(process.execPath, ['--no-warnings', entry.pathname], {
    env: { ...process.env, FAKE_OPTIONS: JSON.stringify(options) },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const next = <T>(key: string) =>
    new Promise<T>((resolve, reject) => {
      const onMessage = (m: Record<string, unknown>) => {
        if (!(key in m)) return;
        child.off('message', onMessage);
        child.off('exit', onExit);
        resolve(m as T);
      };
      const onExit = (code: number | null) => reject(new Error(`the fake Clarifai exited with ${code}`));
      child.on('message', onMessage);
      child.once('exit', onExit);
    });
  const { url } = await next<{ url: string }>('url');
  return {
    url,
    calls: () => {
      const answer = next<FakeLog>('calls');
      child.send('calls');
      return answer;
    },
    reset: async () => {
      const done = next('reset');
      child.send('reset');
      await done;
    },
    close: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}
