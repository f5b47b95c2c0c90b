// The fake Clarifai as its own process, so benchmarks measure the service's memory and CPU alone.
import { startFakeClarifai } from '../test/support/fake-clarifai/index.js';

const env = process.env;
const fake = await startFakeClarifai({
  pats: (env.FAKE_PATS ?? 'bench-pat').split(','),
  ratePerSecond: env.FAKE_RATE ? Number(env.FAKE_RATE) : undefined,
  latency: { perCallMs: Number(env.FAKE_CALL_MS ?? 0), perImageMs: Number(env.FAKE_IMAGE_MS ?? 0) },
  recordBytes: false,
  port: Number(env.FAKE_PORT ?? 0),
});
process.on('SIGTERM', () => void fake.close().then(() => process.exit(0)));
// The service's benchmark reads the call log through this small side channel.
process.on('message', (m) => {
  if (m === 'stats') {
    const answered = fake.calls.filter((c) => !c.rateLimited);
    const throttled = fake.calls.length - answered.length;
    const ms = answered.filter((c) => c.endedAt).map((c) => c.endedAt! - c.startedAt);
    const meanCallMs = ms.length ? Math.round(ms.reduce((a, b) => a + b, 0) / ms.length) : 0;
    process.send?.({
      calls: fake.calls.length,
      answered: answered.length,
      throttled,
      images: answered.reduce((n, c) => n + c.inputCount, 0),
      meanCallMs,
    });
  }
  // Lets a benchmark count per scenario without restarting the fake.
  if (m === 'reset') fake.reset();
});
console.log(`LISTENING ${fake.url}`);
