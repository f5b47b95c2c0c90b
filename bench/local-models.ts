// The local-models benchmark (bench/local-models.mjs, also runnable alone) as a suite of `npm run bench`:
// throughput, CPU per image and event-loop delay of the embedded offline models, in a child process.
import { spawn } from 'node:child_process';
import { distPath } from './lib/processes.js';
import type { SuiteResult } from './lib/report.js';

interface Row {
  model: string;
  concurrency: number;
  'img/s': string;
  'CPU ms/img': string;
  'event-loop p99 ms': string;
}

export async function benchLocalModels(): Promise<SuiteResult> {
  const script = new URL('../../bench/local-models.mjs', import.meta.url).pathname;
  const out = await new Promise<string>((resolve, reject) => {
    const child = spawn(process.execPath, [script], {
      env: { ...process.env, BENCH_JSON: '1', LOCAL_BACKEND_MODULE: distPath('src/backends/local/local-backend.js') },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let text = '';
    child.stdout.on('data', (d: Buffer) => (text += d.toString()));
    child.once('exit', (code) => (code === 0 ? resolve(text) : reject(new Error(`local-models.mjs exited with ${code}`))));
  });
  const line = out.split('\n').find((l) => l.startsWith('JSON '));
  if (!line) throw new Error(`local-models.mjs printed no result:\n${out}`);
  const r = JSON.parse(line.slice(5)) as { loadMs: number; idleRssMb: number; peakRssMb: number; rows: Row[] };
  const metrics: Record<string, number | string> = {
    load_ms: Math.round(r.loadMs),
    rss_after_load_mb: Math.round(r.idleRssMb),
    rss_peak_mb: Math.round(r.peakRssMb),
  };
  for (const row of r.rows) {
    const k = `${row.model}_c${row.concurrency}`;
    metrics[`${k}_images_per_s`] = Number(row['img/s']);
    metrics[`${k}_cpu_ms_per_image`] = Number(row['CPU ms/img']);
    metrics[`${k}_event_loop_p99_ms`] = Number(row['event-loop p99 ms']);
  }
  return {
    title: 'Local models (offline backend)',
    about:
      'bench/local-models.mjs: the embedded models in worker threads (one per core), 48 images per measurement at concurrency 1 and 16; CPU of the whole process per image.',
    metrics,
  };
}
