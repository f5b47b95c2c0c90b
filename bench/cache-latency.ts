// Scenario 8: a cache hit end to end. One client, one single-image operation at a time, against a
// zero-latency fake Clarifai: the same URL every time (answered from the memory cache) beside a new URL
// every time (through the batcher and upstream). Target: a hit's p50 at most 3 ms.
import { percentile, runLoad } from './lib/load.js';
import type { SuiteResult } from './lib/report.js';
import { startStack } from './lib/stack.js';

const COUNT = 1000;
const round = (n: number) => Number(n.toFixed(2));

export async function benchCacheLatency(): Promise<SuiteResult> {
  const stack = await startStack({ callMs: 0, imageMs: 0 });
  try {
    const hits = await runLoad({
      target: 'graphql',
      url: stack.svc.url,
      runId: 'hit',
      concurrency: 1,
      count: COUNT,
      warmupMs: 1000,
      repeatImage: true,
    });
    const upstream = await runLoad({ target: 'graphql', url: stack.svc.url, runId: 'miss', concurrency: 1, count: COUNT, warmupMs: 1000 });
    const billed = (await stack.stats()).images;
    const h = [...hits.latenciesMs].sort((a, b) => a - b);
    const u = [...upstream.latenciesMs].sort((a, b) => a - b);
    return {
      title: '8. A cache hit, end to end',
      about: `One client, ${COUNT} single-image operations one at a time after 1 s of warm-up, zero-latency fake Clarifai: the same URL (memory cache hits) vs. a new URL each time (upstream). Target: hit p50 ≤ 3 ms.`,
      metrics: {
        hit_p50_ms: round(percentile(h, 50)),
        hit_p99_ms: round(percentile(h, 99)),
        upstream_p50_ms: round(percentile(u, 50)),
        upstream_p99_ms: round(percentile(u, 99)),
        images_billed: billed,
        operations: hits.ok + upstream.ok,
      },
    };
  } finally {
    await stack.stop();
  }
}
