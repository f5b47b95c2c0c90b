import { readFileSync } from 'node:fs';
import type { createRequire } from 'node:module';
import path from 'node:path';
import type { Tf, TfWasm, WeightsManifestGroup } from './tf-types.js';

export type Require = ReturnType<typeof createRequire>;

export interface TfRuntime {
  tf: Tf;
  /** Directory of the tfjs-backend-wasm .wasm files, with a trailing slash (Human wants it too). */
  wasmDir: string;
}

/**
 * One tfjs engine on the wasm backend. Everything is loaded with require so nsfwjs, Human and this
 * code share the same CommonJS tfjs-core instance (and so the same backend).
 */
export async function loadTfRuntime(require: Require): Promise<TfRuntime> {
  const tf = require('@tensorflow/tfjs') as Tf;
  const wasm = require('@tensorflow/tfjs-backend-wasm') as TfWasm;
  const wasmDir = path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm')) + path.sep;
  wasm.setWasmPaths(wasmDir);
  if (!(await tf.setBackend('wasm'))) throw new Error('tfjs could not start its wasm backend');
  await tf.ready();
  tf.enableProdMode();
  registerFileLoader(tf);
  return { tf, wasmDir };
}

/** Pure tfjs has no file:// loader (that lives in tfjs-node); this reads model.json + shards from disk. */
function registerFileLoader(tf: Tf): void {
  tf.io.registerLoadRouter((url) => {
    if (typeof url !== 'string' || !url.startsWith('file://')) return null;
    const file = url.slice('file://'.length);
    return {
      load: () => {
        const json = JSON.parse(readFileSync(file, 'utf8')) as unknown;
        return tf.io.getModelArtifactsForJSON(json, async (manifest: WeightsManifestGroup[]) => {
          const specs: unknown[] = [];
          const shards: Buffer[] = [];
          for (const group of manifest) {
            specs.push(...group.weights);
            for (const p of group.paths) shards.push(readFileSync(path.join(path.dirname(file), p)));
          }
          const all = Buffer.concat(shards);
          return [specs, all.buffer.slice(all.byteOffset, all.byteOffset + all.byteLength) as ArrayBuffer];
        });
      },
    };
  });
}
