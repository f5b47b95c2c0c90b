import path from 'node:path';
import type { Detection } from '../protocol.js';
import type { Require, TfRuntime } from './tf-runtime.js';
import type { HumanInstance, HumanModule } from './tf-types.js';

export interface ObjectDetector {
  readonly version: string;
  /** `rgb` is size×size×3 bytes (already resized, aspect not kept: boxes stay relative to the original). */
  detect(rgb: Uint8Array, size: number): Promise<Detection[]>;
}

/**
 * Human's CenterNet COCO detector with every other Human module off. Human's `main` build requires
 * tfjs-node, which cannot be installed offline, so its node-wasm build is loaded by path.
 */
export async function loadObjectDetector(
  require: Require,
  { tf, wasmDir }: TfRuntime,
  opts: { minScore: number; maxDetected: number },
): Promise<ObjectDetector> {
  const root = path.resolve(path.dirname(require.resolve('@vladmandic/human')), '..');
  const { Human } = require(path.join(root, 'dist', 'human.node-wasm.js')) as HumanModule;
  const off = { enabled: false };
  const human: HumanInstance = new Human({
    backend: 'wasm',
    wasmPath: wasmDir,
    modelBasePath: `file://${path.join(root, 'models')}/`,
    warmup: 'none',
    // 0 turns off Human's frame-to-frame result cache, which would mix results of different images.
    cacheSensitivity: 0,
    debug: false,
    face: off,
    body: off,
    hand: off,
    gesture: off,
    segmentation: off,
    filter: off,
    object: {
      enabled: true,
      modelPath: 'centernet.json',
      minConfidence: opts.minScore,
      maxDetected: opts.maxDetected,
      iouThreshold: 0.4,
    },
  });
  await human.load();

  return {
    version: human.version,
    async detect(rgb, size) {
      const input = tf.tensor4d(rgb, [1, size, size, 3], 'int32');
      try {
        const result = await human.detect(input);
        if (result.error) throw new Error(result.error);
        return result.object.map(({ label, score, boxRaw }) => ({ label, score, box: boxRaw }));
      } finally {
        input.dispose();
      }
    },
  };
}
