// Service CPU per request of builds side by side at one fixed request rate (open loop), so that every build
// does the same work per second: a closed loop at saturation makes a slower build also batch and write
// differently, which magnifies its gap.
//
//   npx tsc -p tsconfig.bench.json && node dist-bench/bench/compare-fixed-rate.js 800 4 8 predict /tmp/old .
//   node dist-bench/bench/compare-fixed-rate.js 1000 3 8 typename /tmp/old .+PREDICTION_CACHE_MB=0
//
// `predict`: one new URL image per operation (every one a cache miss); `typename`: `{ __typename }`, the
// HTTP and GraphQL pipeline alone. Round 0 warms up; each build's figure is over the rounds after it.
import { Pool } from 'undici';
import { cpuPerAnswerSideBySide, quantile } from './lib/targets.js';

const [rate = '800', seconds = '4', rounds = '8', kind = 'predict', ...targets] = process.argv.slice(2);
if (targets.length === 0 || (kind !== 'predict' && kind !== 'typename')) {
  throw new Error('usage: compare-fixed-rate.js <requests/s> <seconds per burst> <rounds> predict|typename <repo dir>[+KEY=VALUE...]...');
}
const PREDICT =
  'query ($images: [ImageInput!]!, $modelId: ID!) { predict(images: $images, modelId: $modelId) { input { index } concepts { id name value } } }';
let seq = 0;
const body = () =>
  kind === 'typename'
    ? '{"query":"{ __typename }"}'
    : JSON.stringify({
        query: PREDICT,
        variables: { images: [{ url: `https://img.example/fixed/${seq++}.jpg` }], modelId: 'general-image-recognition' },
      });

/** Sends `rate` requests a second for `ms`, on schedule whatever the answers; counts the good answers. */
async function burst(url: string, ms: number): Promise<{ ok: number; failed: number }> {
  const pool = new Pool(url, { connections: 256 });
  const counts = { ok: 0, failed: 0 };
  const pending: Array<Promise<void>> = [];
  const interval = 1000 / Number(rate);
  const start = performance.now();
  let sent = 0;
  while (performance.now() - start < ms) {
    for (; sent * interval <= performance.now() - start; sent++) {
      const sending = pool.request({ path: '/graphql', method: 'POST', headers: { 'content-type': 'application/json' }, body: body() });
      pending.push(
        sending.then(
          async (res) => {
            const text = await res.body.text();
            counts[res.statusCode === 200 && !text.includes('"errors"') ? 'ok' : 'failed']++;
          },
          () => void counts.failed++,
        ),
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
  await Promise.all(pending);
  await pool.close();
  return counts;
}

const samples = await cpuPerAnswerSideBySide(targets, Number(rounds), async (stack, round, i) => {
  const { ok, failed } = await burst(stack.svc.url, Number(seconds) * 1000);
  if (failed > 0) console.log(`${targets[i]}: ${failed} requests failed in round ${round}`);
  return ok;
});
for (const [i, target] of targets.entries()) {
  const v = samples[i]!;
  console.log(
    `${target}: ${kind} at ${rate}/s, service CPU ms per request over ${v.length} bursts: min ${quantile(v, 0)}, median ${quantile(v, 0.5)}, max ${quantile(v, 1)}`,
  );
}
process.exit(0);
