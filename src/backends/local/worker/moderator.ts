import type { TfRuntime } from './tf-runtime.js';
import type { NsfwModule } from './tf-types.js';

export interface Moderator {
  /** `rgb` is size×size×3 bytes; returns the probability of every nsfwjs class by class name. */
  classify(rgb: Uint8Array, size: number): Promise<Record<string, number>>;
}

const CLASS_COUNT = 5;

// A variable specifier keeps tsc from needing the optional package's types.
const NSFWJS = 'nsfwjs';

/**
 * nsfwjs MobileNetV2: its weights ship base64-encoded inside the package, so no path is needed.
 * Loaded through its ESM build: the CommonJS build's `__importStar` walks every character of the
 * 3.5 MB base64 weight string as an object key (measured: 4.6 s vs 0.4 s to load). Its
 * `@tensorflow/tfjs` import still resolves to the same CommonJS tfjs as `require` gets.
 */
export async function loadModerator({ tf }: TfRuntime): Promise<Moderator> {
  const nsfwjs = (await import(NSFWJS)) as NsfwModule;
  // nsfwjs announces the chosen model with console.info on every load; keep worker output clean.
  const info = console.info;
  console.info = () => {};
  const model = await nsfwjs.load('MobileNetV2').finally(() => {
    console.info = info;
  });

  return {
    async classify(rgb, size) {
      const input = tf.tensor3d(rgb, [size, size, 3], 'int32');
      try {
        const classes = await model.classify(input, CLASS_COUNT);
        return Object.fromEntries(classes.map((c) => [c.className, c.probability]));
      } finally {
        input.dispose();
      }
    },
  };
}
