// Scenario 1: throughput against the physical ceiling. Clarifai serves at most 15 calls/s of 128 images per
// credential: 1,920 images/s. Many clients send one image per operation; the service must merge them into
// full calls at the full rate. Beside it, the same clients calling the fake directly, one image per call,
// as today's SDKs do.
import { runLoad } from './lib/load.js';
import { cpuMeter } from './lib/proc-stats.js';
import { PAT, REALISTIC, startStack } from './lib/stack.js';
import type { SuiteResult } from './lib/report.js';

const CEILING = (REALISTIC.rate ?? 15) * 128;
const DURATION_MS = Number(process.env.BENCH_DURATION_MS ?? 20_000);
const WARMUP_MS = 3_000;
const round = (n: number, d = 0) => Number(n.toFixed(d));

export async function benchThroughput(): Promise<SuiteResult> {
  const clients = (process.env.BENCH_CLIENTS ?? '256,1024,2048').split(',').map(Number);
  const stack = await startStack(REALISTIC);
  const metrics: Record<string, number | string> = { ceiling_images_per_s: CEILING, duration_s: DURATION_MS / 1000 };
  try {
    for (const c of clients) {
      stack.resetFake();
      const cpu = cpuMeter({ service: stack.svc.proc.pid!, fake: stack.fake.proc.pid! });
      const r = await runLoad({
        target: 'graphql',
        url: stack.svc.url,
        runId: `tp${c}`,
        concurrency: c,
        durationMs: DURATION_MS,
        warmupMs: WARMUP_MS,
      });
      const used = cpu();
      const up = await stack.stats();
      const perS = r.ok / r.seconds;
      metrics[`service_${c}_clients_images_per_s`] = round(perS);
      metrics[`service_${c}_clients_ratio`] = round(perS / CEILING, 3);
      metrics[`service_${c}_clients_errors`] = r.errors;
      metrics[`service_${c}_clients_images_per_call`] = round(up.images / Math.max(1, up.answered), 1);
      metrics[`service_${c}_clients_upstream_429s`] = up.throttled;
      // Whole run (warm-up included) over its wall time: how busy each process was, in cores.
      const wall = (DURATION_MS + WARMUP_MS) / 1000;
      metrics[`service_${c}_clients_cores_service_fake_client`] =
        `${round(used.service! / 1000 / wall, 2)} / ${round(used.fake! / 1000 / wall, 2)} / ${round(r.clientCpuMs / 1000 / wall, 2)}`;
    }
    const c = Math.max(...clients);
    stack.resetFake();
    const direct = await runLoad({
      target: 'clarifai',
      url: stack.fake.url,
      pat: PAT,
      runId: 'direct',
      concurrency: c,
      durationMs: DURATION_MS,
      warmupMs: WARMUP_MS,
    });
    const perS = direct.ok / direct.seconds;
    metrics[`direct_${c}_clients_images_per_s`] = round(perS, 1);
    metrics[`direct_${c}_clients_ratio`] = round(perS / CEILING, 4);
    metrics[`direct_${c}_clients_throttled_429s`] = direct.throttled;
  } finally {
    await stack.stop();
  }
  return {
    title: '1. Throughput against the ceiling',
    about:
      `Clients send one image (a URL) per operation in closed loops for ${DURATION_MS / 1000} s after ${WARMUP_MS / 1000} s of warm-up; ` +
      `fake Clarifai at 15 calls/s, ≤ 128 images/call, ${REALISTIC.callMs} ms + ${REALISTIC.imageMs} ms/image. ` +
      `Ceiling ${CEILING} images/s (15 × 128). "direct" = the same clients calling the fake with one image per call, ` +
      'retrying a 429 after 200 ms, as an SDK does.',
    metrics,
  };
}
