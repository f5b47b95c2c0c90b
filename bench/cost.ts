// Scenario 4: what the service costs on this machine when the upstream costs nothing. The fake answers at
// once and without a rate limit; the service's own rate limit is lifted. Beside it, a plain undici forwarder
// (one upstream call per request, no GraphQL) under the same clients: the gap is our overhead.
import { runLoad } from './lib/load.js';
import { distPath, startChild, type Child } from './lib/processes.js';
import { cpuMeter } from './lib/proc-stats.js';
import type { SuiteResult } from './lib/report.js';
import { PAT, startFake, startStack } from './lib/stack.js';

const DURATION_MS = Number(process.env.BENCH_COST_MS ?? 15_000);
const CLIENTS = Number(process.env.BENCH_COST_CLIENTS ?? 128);
const ZERO = { callMs: 0, imageMs: 0 };
const round = (n: number, d = 0) => Number(n.toFixed(d));

async function measure(server: Child, fake: Child, runId: string) {
  const cpu = cpuMeter({ server: server.proc.pid!, fake: fake.proc.pid! });
  const r = await runLoad({ target: 'graphql', url: server.url, runId, concurrency: CLIENTS, durationMs: DURATION_MS, warmupMs: 2_000 });
  const used = cpu();
  const wall = DURATION_MS / 1000 + 2;
  return {
    imagesPerS: r.ok / r.seconds,
    errors: r.errors,
    // CPU over the whole run (warm-up included) per image answered over the whole run.
    cpuMsPerImage: used.server! / (r.ok * (wall / r.seconds)),
    cores: `${round(used.server! / 1000 / wall, 2)} / ${round(used.fake! / 1000 / wall, 2)} / ${round(r.clientCpuMs / 1000 / wall, 2)}`,
  };
}

export async function benchCost(): Promise<SuiteResult> {
  const metrics: Record<string, number | string> = { clients: CLIENTS, duration_s: DURATION_MS / 1000 };
  const stack = await startStack(ZERO, { UPSTREAM_RATE_LIMIT_PER_SECOND: '10000' });
  try {
    const s = await measure(stack.svc, stack.fake, 'cost-svc');
    metrics.service_images_per_s = round(s.imagesPerS);
    metrics.service_cpu_ms_per_image = round(s.cpuMsPerImage, 3);
    metrics.service_errors = s.errors;
    metrics['service_cores_server_fake_client'] = s.cores;
    const up = await stack.stats();
    metrics.service_images_per_upstream_call = round(up.images / Math.max(1, up.answered), 1);
  } finally {
    await stack.stop();
  }
  const fake = await startFake(ZERO);
  const fwd = await startChild(distPath('bench/forwarder-server.js'), { UPSTREAM_URL: fake.url, UPSTREAM_PAT: PAT });
  try {
    const f = await measure(fwd, fake, 'cost-fwd');
    metrics.forwarder_images_per_s = round(f.imagesPerS);
    metrics.forwarder_cpu_ms_per_image = round(f.cpuMsPerImage, 3);
    metrics.forwarder_errors = f.errors;
    metrics['forwarder_cores_server_fake_client'] = f.cores;
    metrics.overhead_cpu_ms_per_image = round(Number(metrics.service_cpu_ms_per_image) - f.cpuMsPerImage, 3);
  } finally {
    await fwd.stop();
    await fake.stop();
  }
  return {
    title: '4. Server cost with a zero-latency upstream',
    about:
      `${CLIENTS} closed-loop clients, one URL image per request, ${DURATION_MS / 1000} s; the fake answers at once, unlimited. ` +
      'CPU is user + system time of the server process (/proc/<pid>/stat) per image. The forwarder takes the same JSON ' +
      'request and makes one undici call upstream per request (no GraphQL, no batching). Cores: server / fake / client.',
    metrics,
  };
}
