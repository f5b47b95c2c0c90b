import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Stack } from './stack.js';

/** `dir+KEY=VALUE+KEY=VALUE`: a build of this repository and the service settings it runs with. */
export function parseTarget(arg: string): { dir: string; env: Record<string, string> } {
  const [dir = '.', ...settings] = arg.split('+');
  const env = Object.fromEntries(settings.map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)]));
  return { dir, env };
}

/** Each build's own service and zero-latency fake, started with that build's own bench helpers. */
export async function startTargets(targets: readonly string[]): Promise<Stack[]> {
  const stacks: Stack[] = [];
  for (const target of targets) {
    const { dir, env } = parseTarget(target);
    const { startStack } = (await import(pathToFileURL(resolve(dir, 'dist-bench/bench/lib/stack.js')).href)) as typeof import('./stack.js');
    stacks.push(await startStack({ callMs: 0, imageMs: 0 }, { UPSTREAM_RATE_LIMIT_PER_SECOND: '10000', ...env }));
  }
  return stacks;
}
