// Service CPU per image of two or more builds of this repository side by side, on a shared machine.
//
//   git worktree add /tmp/old <commit> && (cd /tmp/old && npm ci && npx tsc -p tsconfig.bench.json)
//   npx tsc -p tsconfig.bench.json && node dist-bench/bench/compare-cost.js 20 3 /tmp/old .
//   node dist-bench/bench/compare-cost.js 20 3 . .+PREDICTION_CACHE_MB=0   (one build, two settings)
//
// Every build's service and zero-latency fake run at once; 128 closed-loop clients go to one service at a
// time, in bursts of a few seconds, round after round. Runs of scenario 4 one after the other differed by
// ±30 % on this machine (its neighbours' load comes and goes), more than the gaps being measured; bursts a
// few seconds apart share the machine's state. CPU counts from each burst's start (round 0 only warms
// up), so a larger build's start-up and JIT warm-up weigh nothing here: this is the steady-state cost.
import { runLoad } from './lib/load.js';
import { cpuPerAnswerSideBySide, quantile } from './lib/targets.js';

const [rounds = '10', seconds = '3', ...dirs] = process.argv.slice(2);
if (dirs.length === 0) throw new Error('usage: compare-cost.js <rounds> <seconds per burst> <repo dir>[+KEY=VALUE...]...');

const samples = await cpuPerAnswerSideBySide(dirs, Number(rounds), async (stack, round, i) => {
  const r = await runLoad({
    target: 'graphql',
    url: stack.svc.url,
    runId: `cmp${round}-${i}`,
    concurrency: 128,
    durationMs: Number(seconds) * 1000,
  });
  return r.ok;
});
for (const [i, dir] of dirs.entries()) {
  const v = samples[i]!;
  console.log(
    `${dir}: service CPU ms per image over ${v.length} bursts: min ${quantile(v, 0)}, p25 ${quantile(v, 0.25)}, median ${quantile(v, 0.5)}`,
  );
}
process.exit(0);
