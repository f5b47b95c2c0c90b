// The fake Clarifai as its own process (run from the TypeScript sources), for tests whose load would
// otherwise share its event loop: a busy loop stamps arrivals late, and the fake's rate limit then sees
// bursts that never were. Speaks over IPC: 'calls' (the call log), 'reset'; SIGTERM ends it.
import { register } from 'node:module';

register(new URL('../../scripts/ts-worker-loader.mjs', import.meta.url).href);
const { startFakeClarifai } = await import(new URL('./fake-clarifai/index.ts', import.meta.url).href);
const fake = await startFakeClarifai(JSON.parse(process.env.FAKE_OPTIONS ?? '{}'));
// Gaps of this process's event loop over 40 ms (a 10 ms timer that fired late), since the last reset: while
// it stalls, arrivals are stamped late and its rate limit can see a burst that was not sent as one.
let stalls = [];
let lastTick = Date.now();
setInterval(() => {
  const now = Date.now();
  if (now - lastTick > 40) stalls.push({ at: lastTick, ms: now - lastTick });
  lastTick = now;
}, 10).unref();
process.on('SIGTERM', () => void fake.close().then(() => process.exit(0)));
process.on('message', (m) => {
  if (m === 'reset') {
    fake.reset();
    stalls = [];
    process.send?.({ reset: true });
  }
  if (m === 'calls') {
    const calls = fake.calls.map((c) => ({
      path: c.path,
      rateLimited: c.rateLimited,
      startedAt: c.startedAt,
      admittedAt: c.admittedAt,
      inputs: c.inputs.map((i) => ({ url: i.url })),
    }));
    process.send?.({ calls, imagesBilled: fake.imagesBilled, stalls });
  }
});
process.send?.({ url: fake.url });
