// Throughput, load time, event-loop delay and memory of the embedded local backend.
// Not a test. Run after a build:  npx tsc -p tsconfig.build.json && node bench/local-models.mjs
// Options (env): WORKERS (default: one per core), IMAGES per measurement (default 48),
// LOCAL_BACKEND_MODULE (the compiled local-backend.js; `npm run bench` points it at dist-bench/),
// BENCH_JSON=1 to end with one `JSON {...}` line for bench/run.ts.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';

const modulePath = process.env.LOCAL_BACKEND_MODULE;
const { LocalBackend } = await import(modulePath ? pathToFileURL(modulePath).href : '../dist/backends/local/local-backend.js');

const IMAGES = Number(process.env.IMAGES ?? 48);
const workers = process.env.WORKERS ? Number(process.env.WORKERS) : undefined;
const photos = ['dog', 'eagle', 'horses', 'person', 'giraffe'].map((name) => {
  const bytes = readFileSync(new URL(`../test/fixtures/photos/${name}.jpg`, import.meta.url));
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  return { kind: 'bytes', key: sha256, sha256, format: 'jpeg', bytes, byteLength: bytes.length, base64Length: 0 };
});

let peakRss = 0;
const rssTimer = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 50);

const loadStart = performance.now();
const backend = new LocalBackend({ workers });
await backend.ready;
const loadMs = performance.now() - loadStart;
const idleRss = process.memoryUsage().rss;

async function measure(modelId, concurrency) {
  // As the batcher calls a backend: each image with the interest it serves, and the call's permit (none to hold here).
  const interest = () => ({ live: true, deadline: Date.now() + 60_000, signal: new AbortController().signal, attempts: 0, lastFailure: undefined });
  const permit = { release() {} };
  const call = (image) =>
    backend.predict(
      { credential: undefined, model: { modelId, userId: '-', appId: '-' }, options: {}, images: [image], interests: [interest()] },
      permit,
    );
  await Promise.all(photos.map(call)); // warm every worker's kernels for this model
  // Node records the time between 1 ms timer ticks, so an idle loop reads about 1 ms, not 0.
  const delay = monitorEventLoopDelay({ resolution: 1 });
  delay.enable();
  const eluBefore = performance.eventLoopUtilization();
  let next = 0;
  const cpuBefore = process.cpuUsage();
  const start = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < IMAGES) {
        const [outcome] = await call(photos[next++ % photos.length]);
        if (outcome instanceof Error) throw outcome;
      }
    }),
  );
  const seconds = (performance.now() - start) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  const elu = performance.eventLoopUtilization(eluBefore).utilization;
  delay.disable();
  return {
    imgPerSec: IMAGES / seconds,
    // CPU of the whole process (all threads) per image: stable even when other programs share the cores.
    cpuMsPerImg: (cpu.user + cpu.system) / 1000 / IMAGES,
    elu,
    p99: delay.percentile(99) / 1e6,
    max: delay.max / 1e6,
  };
}

const rows = [];
for (const modelId of ['local-moderation', 'local-objects']) {
  for (const concurrency of [1, 16]) {
    const r = await measure(modelId, concurrency);
    rows.push({
      model: modelId,
      concurrency,
      'img/s': r.imgPerSec.toFixed(1),
      'ms/img': (1000 / r.imgPerSec).toFixed(0),
      'CPU ms/img': r.cpuMsPerImg.toFixed(0),
      'main ELU': `${(r.elu * 100).toFixed(0)}%`,
      'event-loop p99 ms': r.p99.toFixed(1),
      'event-loop max ms': r.max.toFixed(1),
    });
  }
}
await backend.close();
clearInterval(rssTimer);

const mb = (b) => `${Math.round(b / 1024 / 1024)} MB`;
const cores = (await import('node:os')).availableParallelism();
console.log(`workers: ${workers ?? `default (${cores}, one per core)`}, images per run: ${IMAGES}, node ${process.version}`);
console.log(
  `load average at the end: ${(await import('node:os'))
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`,
);
console.log(`load (all workers ready): ${loadMs.toFixed(0)} ms; RSS after load ${mb(idleRss)}, peak ${mb(peakRss)}`);
console.table(rows);
if (process.env.BENCH_JSON) {
  console.log(`JSON ${JSON.stringify({ loadMs, idleRssMb: idleRss / 2 ** 20, peakRssMb: peakRss / 2 ** 20, rows })}`);
}
