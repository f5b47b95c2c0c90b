import type { PreparedImage } from '../images/prepared-image.js';
import { chunkBySum } from '../util/chunk-by-sum.js';

/** Identical images (same key) in one batch are sent once; `slotOf[i]` is where image i's answer is. */
export function uniqueByKey(images: readonly PreparedImage[]): { unique: PreparedImage[]; slotOf: number[] } {
  const seen = new Map<string, number>();
  const unique: PreparedImage[] = [];
  const slotOf = images.map((image) => {
    let slot = seen.get(image.key);
    if (slot === undefined) {
      slot = unique.push(image) - 1;
      seen.set(image.key, slot);
    }
    return slot;
  });
  return { unique, slotOf };
}

export function payloadBytes(image: PreparedImage): number {
  return image.kind === 'bytes' ? image.base64Length : image.url.length;
}

/** Consecutive chunks under the byte budget; one image over the budget still travels, alone. */
export function splitByBytes(images: PreparedImage[], maxBytes: number): PreparedImage[][] {
  return chunkBySum(images, payloadBytes, maxBytes);
}
