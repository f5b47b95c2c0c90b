/**
 * Where the inference worker's code is. Built (`dist/`), the worker is the compiled sibling .js.
 * Run from source (jest/ts-jest, which cannot reach into worker threads), this module itself is a
 * .ts file: the worker then starts with a small module hook (scripts/ts-worker-loader.mjs) that
 * transpiles the worker's .ts files with the `typescript` devDependency as they are imported.
 */
export interface WorkerScript {
  url: URL;
  execArgv?: string[];
}

export function inferenceWorkerScript(): WorkerScript {
  const here = import.meta.url;
  if (!here.endsWith('.ts')) return { url: new URL('./worker/inference-worker.js', here) };
  const hooks = new URL('../../../scripts/ts-worker-loader.mjs', here).href;
  const register = `import { register } from 'node:module'; register(${JSON.stringify(hooks)});`;
  return {
    url: new URL('./worker/inference-worker.ts', here),
    execArgv: ['--import', `data:text/javascript,${encodeURIComponent(register)}`],
  };
}
