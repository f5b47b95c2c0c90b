import type { QueuedImage } from './batch-group.js';

interface Lane {
  items: QueuedImage[];
  weight: number;
  /** Images this lane may still put into the batch being cut (deficit round robin). */
  credit: number;
}

/**
 * A group's waiting images, one lane per caller. A batch is cut by weighted round robin over the lanes,
 * so a caller flooding the service cannot starve the others: an image of a caller with little in the queue
 * rides the next upstream call whatever the flood's backlog, and the flood still gets every place the
 * others leave free. With one caller it is plain first-in, first-out.
 */
export class FairQueue {
  private readonly lanes = new Map<string, Lane>();
  /** Lanes in turn order; a lane leaves when empty and rejoins at the end. */
  private order: string[] = [];
  private count = 0;
  private totalBytes = 0;

  get size(): number {
    return this.count;
  }

  /** The payload bytes of every waiting image. */
  get bytes(): number {
    return this.totalBytes;
  }

  push(item: QueuedImage): void {
    const key = item.ctx.callerId ?? '';
    let lane = this.lanes.get(key);
    if (!lane) {
      lane = { items: [], weight: Math.max(1, Math.round(item.ctx.weight ?? 1)), credit: 0 };
      this.lanes.set(key, lane);
      this.order.push(key);
    }
    lane.items.push(item);
    this.count++;
    this.totalBytes += item.bytes;
  }

  /** Takes an image out before it was sent (its caller went away); false if it had already left. */
  remove(item: QueuedImage): boolean {
    const lane = this.lanes.get(item.ctx.callerId ?? '');
    const at = lane ? lane.items.indexOf(item) : -1;
    if (!lane || at < 0) return false;
    lane.items.splice(at, 1);
    this.count--;
    this.totalBytes -= item.bytes;
    if (lane.items.length === 0) this.dropLane(item.ctx.callerId ?? '');
    return true;
  }

  /** Every waiting image, lane by lane (for measuring the queue; order within a lane is arrival order). */
  *all(): Iterable<QueuedImage> {
    for (const key of this.order) yield* this.lanes.get(key)!.items;
  }

  /** The image at `index` in the order of all(), walking lanes rather than images. */
  at(index: number): QueuedImage | undefined {
    let left = index;
    for (const key of this.order) {
      const items = this.lanes.get(key)!.items;
      if (left < items.length) return items[left];
      left -= items.length;
    }
    return undefined;
  }

  /** The next batch: up to `maxImages` and `maxBytes` (one image alone may exceed the bytes). */
  take(maxImages: number, maxBytes: number): QueuedImage[] {
    const batch: QueuedImage[] = [];
    let bytes = 0;
    while (batch.length < maxImages && this.count > 0) {
      const key = this.order[0]!;
      const lane = this.lanes.get(key)!;
      if (lane.credit <= 0) lane.credit = lane.weight;
      const next = lane.items[0]!;
      if (batch.length > 0 && bytes + next.bytes > maxBytes) break;
      lane.items.shift();
      this.count--;
      this.totalBytes -= next.bytes;
      batch.push(next);
      bytes += next.bytes;
      lane.credit--;
      if (lane.items.length === 0) this.dropLane(key);
      else if (lane.credit <= 0) this.order.push(this.order.shift()!);
    }
    return batch;
  }

  private dropLane(key: string): void {
    this.lanes.delete(key);
    this.order = this.order.filter((k) => k !== key);
  }
}
