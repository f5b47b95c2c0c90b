// Scenario 2: what the service adds to one image's latency at low load. One client, one image at a time,
// through the service and straight to the fake; the difference of the percentiles is our cost.
import { percentile, runLoad } from './lib/load.js';
import { distPath, startChild } from './lib/processes.js';
import type { SuiteResult } from './lib/report.js';
import { PAT, REALISTIC, startStack } from './lib/stack.js';

const COUNT = Number(process.env.BENCH_LATENCY_N ?? 200);
const WARMUP_MS = 2_000;
const round = (n: number, d = 1) => Number(n.toFixed(d));

export async function benchLatency(): Promise<SuiteResult> {
  const stack = await startStack(REALISTIC);
  try {
    // Warm-up requests (the first ~2 s) are sent but not measured; then COUNT measured requests each.
    const direct = await runLoad({
      target: 'clarifai',
      url: stack.fake.url,
      pat: PAT,
      runId: 'lat-direct',
      concurrency: 1,
      count: COUNT + 10,
      warmupMs: WARMUP_MS,
    });
    const service = await runLoad({
      target: 'graphql',
      url: stack.svc.url,
      runId: 'lat-svc',
      concurrency: 1,
      count: COUNT + 10,
      warmupMs: WARMUP_MS,
    });
    // What one more HTTP hop costs on this machine at all: the plain forwarder of scenario 4.
    const fwd = await startChild(distPath('bench/forwarder-server.js'), { UPSTREAM_URL: stack.fake.url, UPSTREAM_PAT: PAT });
    const forwarder = await runLoad({
      target: 'graphql',
      url: fwd.url,
      runId: 'lat-fwd',
      concurrency: 1,
      count: COUNT + 10,
      warmupMs: WARMUP_MS,
    }).finally(() => fwd.stop());
    const d = [...direct.latenciesMs].sort((a, b) => a - b);
    const s = [...service.latenciesMs].sort((a, b) => a - b);
    const f = [...forwarder.latenciesMs].sort((a, b) => a - b);
    const p = (xs: number[], q: number) => round(percentile(xs, q));
    return {
      title: '2. Latency at low load',
      about:
        `One client, one image (a URL) at a time, ${COUNT}-odd requests after ${WARMUP_MS / 1000} s of warm-up, through the service ` +
        `and directly to the fake Clarifai (${REALISTIC.callMs} ms + ${REALISTIC.imageMs} ms/image). Added = service − direct, per percentile. Target: ≤ 2 ms added at p50. ` +
        'For scale, the plain undici forwarder of scenario 4 (one more HTTP hop, no GraphQL) in the same place.',
      metrics: {
        requests_measured_direct: d.length,
        requests_measured_service: s.length,
        direct_p50_ms: p(d, 50),
        direct_p99_ms: p(d, 99),
        service_p50_ms: p(s, 50),
        service_p99_ms: p(s, 99),
        added_p50_ms: round(p(s, 50) - p(d, 50), 2),
        added_p99_ms: round(p(s, 99) - p(d, 99), 2),
        forwarder_added_p50_ms: round(p(f, 50) - p(d, 50), 2),
        forwarder_added_p99_ms: round(p(f, 99) - p(d, 99), 2),
        service_errors: service.errors,
      },
    };
  } finally {
    await stack.stop();
  }
}
