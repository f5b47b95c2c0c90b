// The benchmark client, in its own process so it never shares the service's event loop (and its CPU
// use can be read apart). Started by load.ts; takes one LoadPlan over IPC, answers with one LoadResult.
import { setTimeout as sleep } from 'node:timers/promises';
import { Agent, request } from 'undici';
import type { LoadPlan, LoadResult } from './load-types.js';

const QUERY =
  'query ($images: [ImageInput!]!, $modelId: ID!) { predict(images: $images, modelId: $modelId) { input { index } concepts { id name value } } }';
const MODEL = 'general-image-recognition';
const TINY_PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

let seq = 0;

/** One image per request: a unique URL, or (every `base64Every`-th) a tiny PNG made unique by a tail. */
function nextImage(plan: LoadPlan): { url: string } | { base64: string } {
  if (plan.repeatImage) return { url: `https://img.example/bench/${plan.runId}/same.jpg` };
  const n = seq++;
  if (plan.base64Every && n % plan.base64Every === 0)
    return { base64: Buffer.concat([TINY_PNG, Buffer.from(`#${plan.runId}-${n}`)]).toString('base64') };
  return { url: `https://img.example/bench/${plan.runId}/${n}.jpg` };
}

/** Sends one image; true when it came back with its prediction. Throttled direct calls back off like an SDK. */
async function once(plan: LoadPlan, agent: Agent): Promise<'ok' | 'error' | 'throttled'> {
  const image = nextImage(plan);
  if (plan.target === 'clarifai') {
    const res = await request(`${plan.url}/v2/users/clarifai/apps/main/models/${MODEL}/outputs`, {
      method: 'POST',
      dispatcher: agent,
      headers: { authorization: `Key ${plan.pat}`, 'content-type': 'application/json' },
      body: JSON.stringify({ inputs: [{ data: { image } }] }),
    });
    const body = (await res.body.json()) as { status?: { code?: number } };
    if (res.statusCode === 429) return 'throttled';
    return res.statusCode === 200 && body.status?.code === 10000 ? 'ok' : 'error';
  }
  const images = [image, ...Array.from({ length: (plan.imagesPerRequest ?? 1) - 1 }, () => nextImage(plan))];
  const res = await request(`${plan.url}/graphql`, {
    method: 'POST',
    dispatcher: agent,
    headers: { 'content-type': 'application/json', ...plan.headers },
    body: JSON.stringify({ query: QUERY, variables: { images, modelId: MODEL } }),
  });
  const body = (await res.body.json()) as { errors?: unknown[]; data?: { predict?: unknown[] } };
  return res.statusCode === 200 && !body.errors && body.data?.predict?.[0] ? 'ok' : 'error';
}

async function run(plan: LoadPlan): Promise<LoadResult> {
  const agent = new Agent({ connections: plan.concurrency, keepAliveTimeout: 60_000 });
  const latencies: number[] = [];
  const result: LoadResult = { ok: 0, errors: 0, throttled: 0, seconds: 0, latenciesMs: [] };
  const start = performance.now();
  const measureFrom = start + (plan.warmupMs ?? 0);
  const stopAt = measureFrom + (plan.durationMs ?? Infinity);
  let issued = 0;
  const more = () => (plan.count === undefined ? performance.now() < stopAt : issued < plan.count);

  const loop = async () => {
    while (more()) {
      issued++;
      const t0 = performance.now();
      let outcome: Awaited<ReturnType<typeof once>>;
      try {
        outcome = await once(plan, agent);
      } catch {
        outcome = 'error';
      }
      const t1 = performance.now();
      // Throughput is answers per second inside the window: each answer counts by when it arrived (an
      // answer to a request sent during warm-up still arrived in the window; one after it did not).
      if (t1 >= measureFrom && t1 <= stopAt) {
        result[outcome === 'ok' ? 'ok' : outcome === 'throttled' ? 'throttled' : 'errors']++;
        if (outcome === 'ok') latencies.push(t1 - t0);
      }
      if (outcome === 'throttled') await sleep(plan.throttleBackoffMs ?? 200);
    }
  };

  if (plan.bursts) {
    for (const size of plan.bursts) {
      await Promise.all(Array.from({ length: size }, () => once(plan, agent).then((o) => void result[o === 'ok' ? 'ok' : 'errors']++)));
      await sleep(plan.pauseMs ?? 1000);
    }
  } else {
    await Promise.all(Array.from({ length: plan.concurrency }, loop));
  }
  result.seconds = ((plan.durationMs !== undefined ? Math.min(performance.now(), stopAt) : performance.now()) - measureFrom) / 1000;
  result.latenciesMs = latencies;
  await agent.close();
  return result;
}

process.once('message', (plan: LoadPlan) => {
  void run(plan).then((r) => {
    process.send!(r, () => process.exit(0));
  });
});
