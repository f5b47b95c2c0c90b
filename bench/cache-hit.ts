// The cost of a prediction-cache hit, in µs per lookup: `npx tsc -p tsconfig.bench.json &&
// node dist-bench/bench/cache-hit.js`. Exported for bench/run.ts too.
import { pathToFileURL } from 'node:url';
import { Redis } from 'ioredis';
import type { ImagePrediction } from '../src/backends/predict-backend.js';
import { credentialFingerprint } from '../src/credential-fingerprint.js';
import { PredictionCache, predictionCacheKey, type PredictionKeyParts } from '../src/cache/index.js';
import { startRedisServer } from '../test/support/redis-server.js';
import type { SuiteResult } from './lib/report.js';

const model = { modelId: 'general-image-recognition', userId: 'clarifai', appId: 'main' };

/** A typical Clarifai answer: 20 concepts with ids like "ai_XXXXXXXX" (about 1.4 KB of JSON). */
function typical(): ImagePrediction {
  const concepts = Array.from({ length: 20 }, (_, i) => ({
    id: `ai_${String(i).padStart(8, '0')}`,
    name: `concept ${i}`,
    value: 0.99 - i / 100,
    appId: 'main',
  }));
  return { concepts, regions: [], model: { id: model.modelId, versionId: 'aa7f35c01e0642fda5cf400f543e7c40', userId: 'clarifai', appId: 'main' } };
}

function parts(i: number): PredictionKeyParts {
  const sha256 = i.toString(16).padStart(64, '0');
  return {
    backend: 'clarifai',
    model,
    options: { maxConcepts: 20 },
    audience: { fingerprint: credentialFingerprint('bench') },
    image: { kind: 'bytes', key: sha256, sha256, format: 'jpeg', bytes: Buffer.alloc(0), byteLength: 0, base64Length: 0 },
  };
}

/** µs per call, the median of 5 rounds of `n` sequential awaited calls, after one warm-up round. */
async function perCall(n: number, fn: (i: number) => unknown): Promise<number> {
  for (let i = 0; i < n; i++) await fn(i);
  const rounds: number[] = [];
  for (let r = 0; r < 5; r++) {
    const t0 = performance.now();
    for (let i = 0; i < n; i++) await fn(i);
    rounds.push(((performance.now() - t0) * 1000) / n);
  }
  return Number(rounds.sort((a, b) => a - b)[2]!.toFixed(2));
}

export async function benchCacheHit(): Promise<SuiteResult> {
  const N = 10_000;
  const keys = Array.from({ length: N }, (_, i) => predictionCacheKey(parts(i)));
  const latest = new PredictionCache();
  for (const k of keys) latest.set(k, typical()); // asked as "latest": stored under the version + alias
  const compute = async () => typical();
  const metrics: Record<string, number | string> = {
    entry_json_bytes: JSON.stringify({ t: Date.now(), p: typical() }).length,
    key_build_us: await perCall(N, (i) => predictionCacheKey(parts(i))),
    memory_hit_get_us: await perCall(N, (i) => latest.get(keys[i]!)),
    memory_hit_shared_us: await perCall(N, (i) => latest.shared(keys[i]!, compute)),
    key_plus_memory_hit_us: await perCall(N, (i) => latest.get(predictionCacheKey(parts(i)))),
    set_us: await perCall(N, (i) => latest.set(keys[i]!, typical())),
  };
  const server = await startRedisServer();
  const client = new Redis(server.url, { enableOfflineQueue: false, lazyConnect: true });
  await client.connect();
  try {
    const writer = new PredictionCache({ redis: client, memoryMb: 0 });
    for (const k of keys) writer.set(k, typical());
    await client.ping(); // the writes above were pipelined ahead of this
    const reader = new PredictionCache({ redis: client, memoryMb: 0 });
    // "latest" through Redis: alias (cached in memory after the first) then entry, one round trip each.
    metrics.redis_hit_get_us = await perCall(N, (i) => reader.get(keys[i]!));
  } finally {
    client.disconnect();
    await server.close();
  }
  return { title: 'Prediction cache hit', about: `${N} distinct keys, sequential awaited calls, median of 5 rounds`, metrics };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const r = await benchCacheHit();
  console.log(r.about);
  console.table(r.metrics);
}
