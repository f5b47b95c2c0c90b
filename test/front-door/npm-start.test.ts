import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { expect, it } from '@jest/globals';
import { processExists, ROOT, startCommand } from './start-process.js';

/** Runs `npm start`, checks it serves and names its URLs, then stops it with SIGTERM sent to npm alone. */
async function startAndStop() {
  const { child, serving, stderr } = await startCommand('npm', ['start'], {});
  expect((await fetch(`http://127.0.0.1:${serving.port}/healthz`)).status).toBe(200);
  expect(serving.pid).not.toBe(child.pid);
  child.kill('SIGTERM');
  const [code] = await once(child, 'exit');
  return { serving, code, stderr: stderr() };
}

it('npm start serves, logs its URLs, and SIGTERM to npm stops the service process; a second start does not recompile', async () => {
  const first = await startAndStop();
  expect(first.serving.urls).toMatchObject({
    graphql: `http://127.0.0.1:${first.serving.port}/graphql`,
    demo: `http://127.0.0.1:${first.serving.port}/demo/`,
    metrics: `http://127.0.0.1:${first.serving.port}/metrics`,
  });
  expect(first.serving.msg).toContain(`/graphql`);
  // npm exits only once its script has: by now the node dist/main.js process must be gone, and its port closed.
  // 0 after a clean stop, or 143 (128 + SIGTERM) when Apollo re-raised the signal once it had stopped.
  expect([0, 143]).toContain(first.code);
  expect(processExists(first.serving.pid)).toBe(false);
  await expect(fetch(`http://127.0.0.1:${first.serving.port}/healthz`)).rejects.toThrow();

  const second = await startAndStop();
  expect(second.stderr).not.toContain('compiling');
  expect(processExists(second.serving.pid)).toBe(false);
}, 120_000);

it('a port in use ends with one line naming it, exit code 1, no stack trace', async () => {
  const blocker = createServer();
  blocker.listen(0, '127.0.0.1');
  await once(blocker, 'listening');
  const port = (blocker.address() as { port: number }).port;
  try {
    const child = spawn(process.execPath, ['scripts/start.mjs'], {
      cwd: ROOT,
      env: { ...process.env, NODE_OPTIONS: '', HOST: '127.0.0.1', PORT: String(port), LOCAL_MODELS: 'false', LOG_LEVEL: 'silent' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    const [code] = await once(child, 'exit');
    expect(code).toBe(1);
    const lines = stderr
      .trim()
      .split('\n')
      .filter((l) => !l.startsWith('npm start: compiling'));
    expect(lines).toEqual([
      `Cannot listen on 127.0.0.1:${port}: the port is already in use (another copy of this service?). Stop it or set PORT to a free port.`,
    ]);
  } finally {
    blocker.close();
  }
}, 120_000);
