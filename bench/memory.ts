// Scenario 5 (part): memory during a 60 s soak at steady load, after 10 s of warm-up at the same load. RSS
// of the service sampled every second: start, end, max and the slope of a least-squares line (MB per minute),
// over the soak and its second half. RSS alone cannot tell a leak from a heap still sizing itself, so the
// live heap after a full GC is read at the start and the end of the soak too. Peak RSS for large uploads
// is the `uploads` suite.
import { setTimeout as sleep } from 'node:timers/promises';
import { runLoad } from './lib/load.js';
import { askStats, memoryOf } from './lib/processes.js';
import type { SuiteResult } from './lib/report.js';
import { REALISTIC, SERVICE_NODE_ARGS, startStack } from './lib/stack.js';

const SOAK_MS = Number(process.env.BENCH_SOAK_MS ?? 60_000);
const WARMUP_MS = 10_000;
const CLIENTS = 512;
const round = (n: number, d = 1) => Number(n.toFixed(d));

/** Slope of the least-squares line through (second, MB), in MB per minute. */
function slopePerMinute(samples: number[]): number {
  const n = samples.length;
  const mx = (n - 1) / 2;
  const my = samples.reduce((a, b) => a + b, 0) / n;
  let num = 0;
  let den = 0;
  samples.forEach((y, x) => {
    num += (x - mx) * (y - my);
    den += (x - mx) ** 2;
  });
  return den === 0 ? 0 : (num / den) * 60;
}

export async function benchMemory(): Promise<SuiteResult> {
  const stack = await startStack(REALISTIC, {}, [...SERVICE_NODE_ARGS, '--expose-gc']);
  const pid = stack.svc.proc.pid!;
  const heap = () => askStats<{ heapUsedMb: number }>(stack.svc, 'heap-after-gc').then((r) => r.heapUsedMb);
  const idle = memoryOf(pid).rssMb;
  const samples: number[] = [];
  let timer: NodeJS.Timeout | undefined;
  try {
    // Warm-up, a live-heap reading (its full GC shrinks the heap), then as long again for the heap to grow
    // back to its working size under the load, and only then RSS samples: the soak starts in steady state.
    const load = runLoad({
      target: 'graphql',
      url: stack.svc.url,
      runId: 'soak',
      concurrency: CLIENTS,
      durationMs: SOAK_MS,
      warmupMs: 2 * WARMUP_MS,
      base64Every: 4,
    });
    await sleep(WARMUP_MS);
    const heapStart = await heap();
    await sleep(WARMUP_MS);
    timer = setInterval(() => samples.push(memoryOf(pid).rssMb), 1000);
    const r = await load;
    clearInterval(timer);
    const heapEnd = await heap();
    const half = samples.slice(Math.floor(samples.length / 2));
    return {
      title: '5. Memory under a steady soak',
      about:
        `${CLIENTS} closed-loop clients, one image per operation (every 4th a small base64 PNG, the rest URLs), fake Clarifai as in ` +
        `scenario 1; ${(2 * WARMUP_MS) / 1000} s of warm-up (the live heap after a full GC read half-way), then ${SOAK_MS / 1000} s with the ` +
        "service's RSS sampled every second, and the live heap read again at the end. Peak RSS for large uploads: see Uploads.",
      metrics: {
        images: r.ok,
        images_per_s: Math.round(r.ok / r.seconds),
        errors: r.errors,
        rss_idle_mb: round(idle),
        rss_start_mb: round(samples[0] ?? 0),
        rss_end_mb: round(samples[samples.length - 1] ?? 0),
        rss_max_mb: round(Math.max(...samples)),
        rss_slope_mb_per_min: round(slopePerMinute(samples), 2),
        rss_slope_second_half_mb_per_min: round(slopePerMinute(half), 2),
        live_heap_after_gc_start_mb: round(heapStart),
        live_heap_after_gc_end_mb: round(heapEnd),
      },
    };
  } finally {
    clearInterval(timer);
    await stack.stop();
  }
}
