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
  if (m === 'stats') process.send?.({ calls: fake.calls.length, images: fake.calls.reduce((n, c) => n + c.inputCount, 0) });
});
console.log(`LISTENING ${fake.url}`);
