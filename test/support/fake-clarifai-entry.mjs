// The fake Clarifai as its own process (run from the TypeScript sources), for tests whose load would
// otherwise share its event loop: a busy loop stamps arrivals late, and the fake's rate limit then sees
// bursts that never were. Speaks over IPC: 'calls' (the call log), 'reset'; SIGTERM ends it.
import { register } from 'node:module';

register(new URL('../../scripts/ts-worker-loader.mjs', import.meta.url).href);
const { startFakeClarifai } = await import(new URL('./fake-clarifai/index.ts', import.meta.url).href);
const fake = await startFakeClarifai(JSON.parse(process.env.FAKE_OPTIONS ?? '{}'));
process.on('SIGTERM', () => void fake.close().then(() => process.exit(0)));
process.on('message', (m) => {
  if (m === 'reset') {
    fake.reset();
    process.send?.({ reset: true });
  }
  if (m === 'calls') {
    const calls = fake.calls.map((c) => ({
      path: c.path,
      rateLimited: c.rateLimited,
      startedAt: c.startedAt,
      inputs: c.inputs.map((i) => ({ url: i.url })),
    }));
    process.send?.({ calls, imagesBilled: fake.imagesBilled });
  }
});
process.send?.({ url: fake.url });
