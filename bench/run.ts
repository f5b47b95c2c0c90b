// `npm run bench`: runs the benchmarks, prints a report and writes it as JSON and Markdown to bench/results/.
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { benchUploads } from './uploads.js';

const only = process.argv.slice(2);
const suites: Record<string, () => Promise<Record<string, number>>> = { uploads: benchUploads };
const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
const report: Record<string, Record<string, number>> = {};
for (const [name, suite] of Object.entries(suites)) {
  if (only.length && !only.includes(name)) continue;
  console.log(`▶ ${name}`);
  report[name] = await suite();
  console.table(report[name]);
}
mkdirSync('bench/results', { recursive: true });
const stamp = new Date().toISOString();
writeFileSync('bench/results/latest.json', JSON.stringify({ machine, at: stamp, report }, null, 2));
const md = [`# Benchmark report`, ``, `${stamp} on ${machine}`, ``];
for (const [name, rows] of Object.entries(report)) {
  md.push(`## ${name}`, '', '| metric | value |', '|---|---|', ...Object.entries(rows).map(([k, v]) => `| ${k} | ${v} |`), '');
}
writeFileSync('bench/results/latest.md', md.join('\n'));
console.log('written bench/results/latest.{json,md}');
