// `npm run bench [suite...]`: runs the benchmarks (all, or the named ones), prints each as it ends and
// writes the report as JSON and Markdown to bench/results/latest.{json,md}.
import { cpus, totalmem } from 'node:os';
import { writeReport, type SuiteResult } from './lib/report.js';
import { benchAbandoned } from './abandoned.js';
import { benchBursts } from './bursts.js';
import { benchCacheLatency } from './cache-latency.js';
import { benchCost } from './cost.js';
import { benchFairShare } from './fair-share.js';
import { benchLatency } from './latency.js';
import { benchLocalModels } from './local-models.js';
import { benchMemory } from './memory.js';
import { benchReplicas } from './replicas.js';
import { benchThroughput } from './throughput.js';
import { benchUploads } from './uploads.js';

const suites: Record<string, () => Promise<SuiteResult>> = {
  throughput: benchThroughput,
  latency: benchLatency,
  bursts: benchBursts,
  cost: benchCost,
  memory: benchMemory,
  abandoned: benchAbandoned,
  'fair-share': benchFairShare,
  'cache-hit': benchCacheLatency,
  replicas: benchReplicas,
  uploads: async () => ({
    title: 'Uploads (step 2)',
    about: 'One operation of 128 uploads of ~20 MB each (curl -F), then 1,000 small uploads by 32 clients; fake Clarifai without latency.',
    metrics: await benchUploads(),
  }),
  'local-models': benchLocalModels,
};

const only = process.argv.slice(2);
const unknown = only.filter((n) => !(n in suites));
if (unknown.length) throw new Error(`unknown suite(s) ${unknown.join(', ')}; known: ${Object.keys(suites).join(', ')}`);
const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
const report: Record<string, SuiteResult> = {};
for (const [name, suite] of Object.entries(suites)) {
  if (only.length && !only.includes(name)) continue;
  console.log(`▶ ${name}`);
  const started = Date.now();
  report[name] = await suite();
  console.table(report[name].metrics);
  console.log(`  (${Math.round((Date.now() - started) / 1000)} s)`);
}
writeReport(machine, report);
console.log('written bench/results/latest.{json,md}');
