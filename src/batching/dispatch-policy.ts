import type { CapacitySignal } from '../backends/predict-backend.js';
import { ArrivalRate } from './arrival-rate.js';

export interface DispatchLimits {
  maxImages: number;
  maxBytes: number;
  /** K: a partial batch leaves only while fewer than K calls of its group are in flight. */
  maxPartialInFlight: number;
  /** Longest a partial batch may wait to fill, and only when arrivals are fast enough to fill it. */
  maxLingerMs: number;
}

/** A batch DataLoader has opened; `dispatch` sends it (DataLoader's scheduled callback). */
export interface PendingBatch {
  size: number;
  bytes: number;
  openedAt: number;
  dispatch: () => void;
}

/**
 * When a group's batches leave.
 * - A full batch (max images or bytes) leaves as soon as the upstream has capacity.
 * - A partial batch leaves when the upstream has capacity, fewer than K calls of its group are in flight,
 *   and it is not worth lingering: it lingers (up to maxLingerMs from its opening) only while the
 *   group's arrival rate says it will fill within that time.
 * So a lone request on an idle service goes on the next tick; under a burst images pile up behind the
 * calls in flight and leave as full batches; while the upstream has no capacity everything accumulates.
 */
export class DispatchPolicy {
  private readonly queue: PendingBatch[] = [];
  private readonly arrivals = new ArrivalRate();
  private inFlight = 0;
  private pumpScheduled = false;
  private waitingForCapacity = false;
  private lingerTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly limits: DispatchLimits,
    private readonly capacity: CapacitySignal,
  ) {}

  /** The batch DataLoader is filling now, if it has not left yet. */
  get open(): PendingBatch | undefined {
    return this.queue[this.queue.length - 1];
  }

  /** Nothing queued, nothing in flight, no timer: the group may be dropped and rebuilt later. */
  get idle(): boolean {
    return this.queue.length === 0 && this.inFlight === 0 && !this.pumpScheduled && this.lingerTimer === undefined;
  }

  get queuedImages(): number {
    return this.queue.reduce((n, b) => n + b.size, 0);
  }

  enqueue(dispatch: () => void): void {
    this.queue.push({ size: 0, bytes: 0, openedAt: Date.now(), dispatch });
    this.schedulePump();
  }

  /** Counts an image into the open batch. */
  added(bytes: number): void {
    const open = this.open;
    if (!open) return;
    open.size++;
    open.bytes += bytes;
    this.arrivals.record();
    if (this.isFull(open)) this.schedulePump();
  }

  /** Call when a dispatched batch's upstream work has ended. */
  settled(): void {
    this.inFlight--;
    this.schedulePump();
  }

  private isFull(b: PendingBatch): boolean {
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
      const full = this.queue.findIndex((b) => this.isFull(b));
      if (full < 0 && !this.partialMayLeave(this.queue[0]!)) return;
      const [batch] = this.queue.splice(Math.max(full, 0), 1);
      this.inFlight++;
      batch!.dispatch();
    }
  }

  private partialMayLeave(batch: PendingBatch): boolean {
    if (this.inFlight >= this.limits.maxPartialInFlight) return false; // settled() pumps again
    const now = Date.now();
    const lingerLeft = batch.openedAt + this.limits.maxLingerMs - now;
    const rate = this.arrivals.at(now);
    const msToFill = rate > 0 ? ((this.limits.maxImages - batch.size) * 1000) / rate : Infinity;
    if (lingerLeft <= 0 || msToFill > lingerLeft) return true;
    this.armLinger(Math.min(lingerLeft, msToFill));
    return false;
  }

  private armLinger(ms: number): void {
    if (this.lingerTimer) return;
    this.lingerTimer = setTimeout(() => {
      this.lingerTimer = undefined;
      this.schedulePump();
    }, Math.max(1, ms));
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
