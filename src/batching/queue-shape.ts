import type { QueueShape } from './dispatch-policy.js';
import type { FairQueue } from './fair-queue.js';

/** A queue in batches, as FairQueue.take would cut it: how many full ones, and the partial one left. */
export function queueShape(queue: FairQueue, maxImages: number, maxBytes: number): QueueShape {
  // Below the byte limit only the image count cuts batches: no walk over the queue, which at the
  // ceiling holds thousands of images and is measured after every arrival.
  if (queue.bytes < maxBytes) {
    const full = Math.floor(queue.size / maxImages);
    const partial = queue.size - full * maxImages;
    const openedAt = partial === 0 ? 0 : queue.at(full * maxImages)!.enqueuedAt;
    return { fullBatches: full, partialImages: partial, partialOpenedAt: openedAt };
  }
  return walkedShape(queue, maxImages, maxBytes);
}

/** The same, image by image: for queues whose bytes may cut a batch before its count does. */
export function walkedShape(queue: FairQueue, maxImages: number, maxBytes: number): QueueShape {
  let full = 0;
  let images = 0;
  let bytes = 0;
  let openedAt = 0;
  for (const item of queue.all()) {
    if (images > 0 && (images >= maxImages || bytes + item.bytes > maxBytes)) {
      full++;
      images = 0;
      bytes = 0;
    }
    if (images === 0) openedAt = item.enqueuedAt;
    images++;
    bytes += item.bytes;
  }
  if (images >= maxImages || bytes >= maxBytes) return { fullBatches: full + 1, partialImages: 0, partialOpenedAt: 0 };
  return { fullBatches: full, partialImages: images, partialOpenedAt: openedAt };
}
