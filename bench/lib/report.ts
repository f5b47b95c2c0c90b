import { mkdirSync, writeFileSync } from 'node:fs';

/** One scenario's figures, with the sentence that says what was measured and against what. */
export interface SuiteResult {
  title: string;
  about: string;
  metrics: Record<string, number | string>;
}

/** Writes bench/results/latest.json and latest.md (README-ready Markdown). */
export function writeReport(machine: string, report: Record<string, SuiteResult>): void {
  mkdirSync('bench/results', { recursive: true });
  const at = new Date().toISOString();
  writeFileSync('bench/results/latest.json', JSON.stringify({ machine, at, report }, null, 2));
  const md = ['# Benchmark report', '', `\`npm run bench\`, ${at}, on ${machine}.`, ''];
  for (const r of Object.values(report)) {
    md.push(`## ${r.title}`, '', r.about, '', '| metric | value |', '|---|---|');
    for (const [k, v] of Object.entries(r.metrics)) md.push(`| ${k.replace(/_/g, ' ')} | ${v} |`);
    md.push('');
  }
  writeFileSync('bench/results/latest.md', md.join('\n'));
}
