// Scenario 7: fair shares. One caller floods the service (10,000 images at once, in 313 operations of 32),
// another sends one image at a time. Each caller has a queue lane and batches are cut
// round robin, so the single images ride the next upstream calls whatever the flood's backlog. Target: the
// second caller's p50 at most 2x one full 128-image call.
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { percentile, runLoad } from './lib/load.js';
import type { SuiteResult } from './lib/report.js';
import { REALISTIC, startStack } from './lib/stack.js';

const FLOOD_KEY = 'ipk_bench-flood-aaaaaaaaaaaaaaaaaaaaaaaa';
const SINGLE_KEY = 'ipk_bench-single-bbbbbbbbbbbbbbbbbbbbbbb';
const sha = (s: string) => createHash('sha256').update(s).digest('hex');
const round = (n: number) => Math.round(n);

export async function benchFairShare(): Promise<SuiteResult> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-keys-'));
  const keys = join(dir, 'keys.json');
  writeFileSync(
    keys,
    JSON.stringify([
      { id: 'flood', sha256: sha(FLOOD_KEY) },
      { id: 'single', sha256: sha(SINGLE_KEY) },
    ]),
  );
  const stack = await startStack(REALISTIC, { AUTH_MODE: 'api-key', API_KEYS_FILE: keys, MAX_QUEUED_IMAGES: '20000', PREDICTION_CACHE_MB: '0' });
  const fullCallMs = REALISTIC.callMs + 128 * REALISTIC.imageMs;
  try {
    // All 10,000 at once: the backlog is ~5 s of the account's ceiling.
    const flood = runLoad({
      target: 'graphql',
      url: stack.svc.url,
      runId: 'flood',
      concurrency: 313,
      imagesPerRequest: 32,
      count: 313,
      headers: { 'x-api-key': FLOOD_KEY },
    });
    // Let the flood build its backlog first, then measure the single caller while it lasts.
    await new Promise((r) => setTimeout(r, 1500));
    const single = await runLoad({
      target: 'graphql',
      url: stack.svc.url,
      runId: 'single',
      concurrency: 1,
      durationMs: 3000,
      headers: { 'x-api-key': SINGLE_KEY },
    });
    const f = await flood;
    const s = [...single.latenciesMs].sort((a, b) => a - b);
    const fl = [...f.latenciesMs].sort((a, b) => a - b);
    return {
      title: '7. Fair shares: a flood beside a single caller',
      about: `Flood: 10,000 images at once (313 operations of 32); single: one image at a time for 3 s while the flood's backlog lasts. Fake Clarifai as in scenario 1 (a full call ${fullCallMs} ms).`,
      metrics: {
        full_call_ms: fullCallMs,
        single_p50_ms: round(percentile(s, 50)),
        single_p99_ms: round(percentile(s, 99)),
        single_p50_vs_full_call: Number((percentile(s, 50) / fullCallMs).toFixed(2)),
        single_operations: single.ok,
        flood_p50_ms: round(percentile(fl, 50)),
        flood_p99_ms: round(percentile(fl, 99)),
        flood_operations_ok: f.ok,
        errors: f.errors + single.errors,
      },
    };
  } finally {
    await stack.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
