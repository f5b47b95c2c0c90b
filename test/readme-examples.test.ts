import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { startService, type RunningService } from './support/service.js';

const ROOT = new URL('..', import.meta.url).pathname;
const run = promisify(execFile);

/** The README's blocks marked `<!-- keyless-example -->`, exactly as a reader copies them. */
const README = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
const BLOCKS = [...README.matchAll(/<!-- keyless-example -->\s*\n```bash\n([\s\S]*?)```/g)].map((m) => m[1]!);

let svc: RunningService;
beforeAll(async () => {
  // As on a fresh machine: no key (startService sets none), local models on.
  svc = await startService({ LOCAL_MODELS: 'true', LOCAL_WORKERS: '1' });
}, 120_000);
afterAll(async () => {
  await svc?.close();
});

it('the README has its keyless examples, before any that needs a key', () => {
  expect(BLOCKS.length).toBeGreaterThanOrEqual(3);
  expect(README.indexOf('<!-- keyless-example -->')).toBeLessThan(README.indexOf('needs CLARIFAI_PAT'));
  for (const block of BLOCKS) expect(block).toContain('${API:-http://localhost:4000}');
});

type Prediction = { concepts: Array<{ name: string; value: number }> } | null;

it.each(BLOCKS.map((block, i) => [i + 1, block] as const))(
  'keyless example %i runs as written and every image gets concepts',
  async (_n, block) => {
    // Only the host changes, through the variable the README itself uses.
    const { stdout } = await run('bash', ['-euo', 'pipefail', '-c', block], {
      cwd: ROOT,
      env: { ...process.env, API: svc.url },
      maxBuffer: 16 * 1024 * 1024,
    });
    const body = JSON.parse(stdout) as { data?: Record<string, Prediction[]>; errors?: unknown[] };
    expect(body.errors).toBeUndefined();
    const fields = Object.values(body.data ?? {});
    expect(fields.length).toBeGreaterThan(0);
    for (const predictions of fields) {
      expect(predictions.length).toBeGreaterThan(0);
      for (const p of predictions) expect(p!.concepts.length).toBeGreaterThan(0);
    }
  },
  60_000,
);
