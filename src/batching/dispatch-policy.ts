import type { CapacitySignal } from '../backends/predict-backend.js';

export interface DispatchLimits {
  maxImages: number;
  maxBytes: number;
  /** K: partial batches of one group allowed in flight at once. */
  maxPartialInFlight: number;
}

/** A batch DataLoader has opened; `dispatch` sends it (DataLoader's scheduled callback). */
export interface PendingBatch {
  size: number;
  bytes: number;
  dispatch: (partial: boolean) => void;
}

/**
 * When a group's batches leave. A full batch (max images or bytes) leaves as soon as the upstream has
 * capacity. A partial batch leaves only while fewer than K partial calls of its group are in flight.
 * So a lone request on an idle service goes on the next tick (no latency floor), while under a burst
 * images pile up behind the first call and leave as full batches, and while the upstream has no
 * capacity at all (rate limit, in-flight cap) everything accumulates.
 */
export class DispatchPolicy {
  private readonly queue: PendingBatch[] = [];
  private partialInFlight = 0;
  private pumpScheduled = false;
  private waitingForCapacity = false;

  constructor(
    private readonly limits: DispatchLimits,
    private readonly capacity: CapacitySignal,
  ) {}

  /** The batch DataLoader is filling now, if it has not left yet. */
  get open(): PendingBatch | undefined {
    return this.queue[this.queue.length - 1];
  }

  get queuedImages(): number {
    return this.queue.reduce((n, b) => n + b.size, 0);
  }

  enqueue(dispatch: (partial: boolean) => void): void {
    this.queue.push({ size: 0, bytes: 0, dispatch });
    this.schedulePump();
  }

  /** Call when a dispatched batch's upstream work has ended. */
  settled(wasPartial: boolean): void {
    if (wasPartial) this.partialInFlight--;
    this.schedulePump();
  }

  isFull(b: PendingBatch): boolean {
    return b.size >= this.limits.maxImages || b.bytes >= this.limits.maxBytes;
  }

  /** Deferred to a later macrotask so every load() of the current tick joins the open batch. */
  private schedulePump(): void {
    if (this.pumpScheduled) return;
    this.pumpScheduled = true;
    setImmediate(() => {
      this.pumpScheduled = false;
      this.pump();
    });
  }

  private pump(): void {
    while (this.queue.length > 0) {
      if (!this.capacity.hasCapacity()) return this.waitForCapacity();
      const i = this.queue.findIndex((b) => this.isFull(b));
      const next = i >= 0 ? i : this.partialInFlight < this.limits.maxPartialInFlight ? 0 : -1;
      if (next < 0) return; // settled() pumps again when a partial call ends
      const [batch] = this.queue.splice(next, 1);
      const partial = !this.isFull(batch!);
      if (partial) this.partialInFlight++;
      batch!.dispatch(partial);
    }
  }

  private waitForCapacity(): void {
    if (this.waitingForCapacity) return;
    this.waitingForCapacity = true;
    this.capacity.onceAvailable(() => {
      this.waitingForCapacity = false;
      this.schedulePump();
    });
  }
}
