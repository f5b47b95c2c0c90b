import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { cpuMsOf } from './proc-stats.js';
import type { Stack } from './stack.js';

/** `dir+KEY=VALUE+KEY=VALUE`: a build of this repository and the service settings it runs with. */
function parseTarget(arg: string): { dir: string; env: Record<string, string> } {
  const [dir = '.', ...settings] = arg.split('+');
  const env = Object.fromEntries(settings.map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)]));
  return { dir, env };
}

/** Each build's own service and zero-latency fake, started with that build's own bench helpers. */
async function startTargets(targets: readonly string[]): Promise<Stack[]> {
  const stacks: Stack[] = [];
  for (const target of targets) {
    const { dir, env } = parseTarget(target);
    const { startStack } = (await import(pathToFileURL(resolve(dir, 'dist-bench/bench/lib/stack.js')).href)) as typeof import('./stack.js');
    stacks.push(await startStack({ callMs: 0, imageMs: 0 }, { UPSTREAM_RATE_LIMIT_PER_SECOND: '10000', ...env }));
  }
  return stacks;
}

/**
 * Every target's stack at once; each round sends one burst to each service in turn (`burst` answers how
 * many requests were answered) and records the service's CPU per answer. Round 0 only warms up. Returns
 * each target's samples, sorted.
 */
export async function cpuPerAnswerSideBySide(
  targets: readonly string[],
  rounds: number,
  burst: (stack: Stack, round: number, index: number) => Promise<number>,
): Promise<number[][]> {
  const stacks = await startTargets(targets);
  const samples: number[][] = targets.map(() => []);
  try {
    for (let round = 0; round <= rounds; round++) {
      for (const [i, stack] of stacks.entries()) {
        const pid = stack.svc.proc.pid!;
        const before = cpuMsOf(pid);
        const answered = await burst(stack, round, i);
        if (round > 0 && answered > 0) samples[i]!.push((cpuMsOf(pid) - before) / answered);
      }
    }
  } finally {
    for (const stack of stacks) await stack.stop();
  }
  return samples.map((v) => v.sort((a, b) => a - b));
}

/** The q-quantile of sorted samples, as printed. */
export const quantile = (sorted: readonly number[], q: number): string =>
  sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * q))]!.toFixed(3);
