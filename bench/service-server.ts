// The real service as its own process, configured from env like `npm start`, printing its URL when ready.
import type { AddressInfo } from 'node:net';
import { loadConfig } from '../src/config/config.js';
import { createLogger } from '../src/logger.js';
import { createApp } from '../src/server/app.js';
import { createServices } from '../src/services.js';

const config = loadConfig({ LOG_LEVEL: 'warn', HOST: '127.0.0.1', PORT: '0', ...process.env });
const services = createServices(config, createLogger(config.LOG_LEVEL));
const { httpServer } = await createApp(services);
await new Promise<void>((resolve) => httpServer.listen(config.PORT, config.HOST, resolve));
await services.ready;
process.on('SIGTERM', () => void services.close().finally(() => process.exit(0)));
// The memory benchmark asks for the live heap after a full GC (needs --expose-gc), over the IPC channel.
process.on('message', (m) => {
  if (m !== 'heap-after-gc') return;
  (globalThis as { gc?: () => void }).gc?.();
  process.send?.({ heapUsedMb: process.memoryUsage().heapUsed / 2 ** 20 });
});
console.log(`LISTENING http://127.0.0.1:${(httpServer.address() as AddressInfo).port}`);
if (process.env.BENCH_MEM_LOG) {
  setInterval(() => {
    const m = process.memoryUsage();
    const mb = (n: number) => Math.round(n / 2 ** 20);
    console.error(
      `mem rss=${mb(m.rss)} heap=${mb(m.heapUsed)} external=${mb(m.external)} arrayBuffers=${mb(m.arrayBuffers)} budget=${mb(services.imageBudget.inUse)}`,
    );
  }, 2000).unref();
}
if (process.env.BENCH_TRACE) {
  // One line a second: what the batcher and the upstream gate are doing (for investigating a benchmark).
  const { performance } = await import('node:perf_hooks');
  let elu = performance.eventLoopUtilization();
  setInterval(() => {
    const now = performance.eventLoopUtilization();
    // Both limiters (local, Redis) expose their counters as `stats`; the Limiter interface needs none.
    const limiter = services.clarifai.limiterFor(config.CLARIFAI_PAT);
    const gate = 'stats' in limiter ? limiter.stats : undefined;
    console.error(
      `trace elu=${performance.eventLoopUtilization(now, elu).utilization.toFixed(2)} queued=${services.batcher.queuedImages} backlog=${services.admission.backlog} limiter=${JSON.stringify(gate)}`,
    );
    elu = now;
  }, 1000).unref();
}
