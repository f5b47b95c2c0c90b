// Scenario 3: upstream calls per image under bursty load. Bursts of random size (each image its own
// operation, all sent at once) separated by quiet; the ideal is ceil(burst / 128) calls per burst.
import { setTimeout as sleep } from 'node:timers/promises';
import { runLoad } from './lib/load.js';
import type { SuiteResult } from './lib/report.js';
import { REALISTIC, startStack } from './lib/stack.js';

const BURSTS = Number(process.env.BENCH_BURSTS ?? 16);
const PAUSE_MS = 1_500;

/** Seeded sizes from 1 to 1,000, spread on a log scale so small and large bursts both occur. */
function burstSizes(n: number): number[] {
  let seed = 12345;
  const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  return Array.from({ length: n }, () => Math.max(1, Math.round(Math.exp(rand() * Math.log(1000)))));
}

export async function benchBursts(): Promise<SuiteResult> {
  const stack = await startStack(REALISTIC);
  const rows: string[] = [];
  let calls = 0;
  let ideal = 0;
  let errors = 0;
  let maxExtra = 0;
  try {
    for (const [i, size] of burstSizes(BURSTS).entries()) {
      const before = await stack.stats();
      const r = await runLoad({ target: 'graphql', url: stack.svc.url, runId: `burst${i}`, concurrency: size, bursts: [size], pauseMs: 0 });
      const after = await stack.stats();
      const made = after.calls - before.calls;
      const best = Math.ceil(size / 128);
      calls += made;
      ideal += best;
      errors += r.errors;
      maxExtra = Math.max(maxExtra, made - best);
      rows.push(`${size}→${made}${made > best ? ` (ideal ${best})` : ''}`);
      await sleep(PAUSE_MS);
    }
  } finally {
    await stack.stop();
  }
  return {
    title: '3. Upstream calls per image under bursty load',
    about:
      `${BURSTS} bursts of 1–1,000 single-image operations (seeded, log-uniform), each sent at once by its own client process, ` +
      `${PAUSE_MS / 1000} s of quiet after each; fake Clarifai as in scenario 1. Ratio = calls made ÷ Σ ceil(burst / 128); 1.0 is ideal.`,
    metrics: {
      bursts: BURSTS,
      images: rows.reduce((n, r) => n + Number(r.split('→')[0]), 0),
      upstream_calls: calls,
      ideal_calls: ideal,
      ratio: Number((calls / ideal).toFixed(3)),
      // A burst that finds the service idle sends its first image at once, alone (no latency floor); the
      // rest pile up behind that call and leave full. So the floor here is ideal + 1 per burst.
      max_extra_calls_per_burst: maxExtra,
      ratio_to_ideal_plus_one_per_burst: Number((calls / (ideal + BURSTS)).toFixed(3)),
      errors,
      burst_size_to_calls: rows.join(', '),
    },
  };
}
