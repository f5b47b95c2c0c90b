import { spawn } from 'node:child_process';

export interface ServiceProcess {
  url: string;
  pid: number;
  /** Everything the process wrote to stdout and stderr so far. */
  output(): string;
  /** Lines reporting an unhandled rejection or uncaught exception (see service-entry.mjs). */
  crashes(): string[];
  /** Exit code once it has exited, else null. */
  exitCode(): number | null;
  stop(): Promise<void>;
}

/**
 * The service as a separate process (src/main.ts run from source), configured from env like production.
 * Used where a test must watch the whole process: its unhandled rejections, its output, its survival.
 */
export async function startServiceProcess(env: Record<string, string>): Promise<ServiceProcess> {
  // The port is read from the info-level "serving" line.
  if (['warn', 'error', 'fatal', 'silent'].includes(env.LOG_LEVEL ?? '')) throw new Error('LOG_LEVEL must be info or lower');
  const fullEnv: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'test',
    HOST: '127.0.0.1',
    PORT: '0',
    LOG_LEVEL: 'info',
    LOCAL_MODELS: 'false',
    PREDICTION_CACHE_MB: '0',
    ...env,
  };
  const entry = new URL('./service-entry.mjs', import.meta.url);
  const child = spawn(process.execPath, ['--no-warnings', entry.pathname], { env: fullEnv, stdio: ['ignore', 'pipe', 'pipe'] });
  const chunks: string[] = [];
  child.stdout.on('data', (d: Buffer) => chunks.push(d.toString()));
  child.stderr.on('data', (d: Buffer) => chunks.push(d.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL'); // never leave an orphan that keeps jest alive
      reject(new Error(`the service did not start: ${chunks.join('')}`));
    }, 60_000);
    const onData = () => {
      const port = /"port":(\d+)/.exec(chunks.join(''))?.[1];
      if (!port) return;
      clearTimeout(timer);
      child.stdout.off('data', onData);
      resolve(`http://127.0.0.1:${port}`);
    };
    child.stdout.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the service exited with ${code}: ${chunks.join('')}`));
    });
  });
  const output = () => chunks.join('');
  return {
    url,
    pid: child.pid!,
    output,
    crashes: () =>
      output()
        .split('\n')
        .filter((l) => /^(UNHANDLED_REJECTION|UNCAUGHT_EXCEPTION)/.test(l)),
    exitCode: () => child.exitCode,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
