import type { Clock } from '../util/clock.js';
import { ArrivalRate } from './arrival-rate.js';

export interface DispatchLimits {
  maxImages: number;
  maxBytes: number;
  /** K: a partial batch asks for a permit only while fewer than K calls of its group are in flight or asked for. */
  maxPartialInFlight: number;
  /** Longest a partial batch may wait to fill, and only when arrivals are fast enough to fill it. */
  maxLingerMs: number;
}

/** What the queue of a group looks like now, in batches (see BatchGroup.shape). */
export interface QueueShape {
  fullBatches: number;
  /** Images and first arrival of the partial batch after the full ones (0 images: none). */
  partialImages: number;
  partialOpenedAt: number;
}

export type PartialDecision = { ask: true } | { ask: false; recheckInMs?: number };

/**
 * When a group asks for permits. Every full batch (max images or bytes) asks at once. The partial batch
 * behind them asks only while fewer than K calls are in flight or asked for, and when lingering would not
 * pay: it lingers (up to maxLingerMs from its first image) only while the group's arrival rate says it
 * will fill within that time. So a lone request on an idle service goes on the next tick; under a burst
 * images pile up behind the calls in flight and leave as full batches. A permit, once granted, takes
 * whatever the queue holds then (up to a full batch): the batch keeps filling while it waits.
 */
export class DispatchPolicy {
  private readonly arrivals = new ArrivalRate();

  constructor(
    private readonly limits: DispatchLimits,
    private readonly clock: Clock,
  ) {}

  get maxImages(): number {
    return this.limits.maxImages;
  }

  get maxBytes(): number {
    return this.limits.maxBytes;
  }

  arrived(): void {
    this.arrivals.record(1, this.clock.now());
  }

  /** Permits to ask for now, beyond those already asked for. */
  fullPermitsWanted(shape: QueueShape, asked: number): number {
    return Math.max(0, shape.fullBatches - asked);
  }

  partial(shape: QueueShape, asked: number, inFlight: number, draining: boolean): PartialDecision {
    if (shape.partialImages === 0 || asked > shape.fullBatches) return { ask: false };
    if (draining) return { ask: true };
    if (inFlight + asked >= this.limits.maxPartialInFlight) return { ask: false }; // a settled call pumps again
    const now = this.clock.now();
    const lingerLeft = shape.partialOpenedAt + this.limits.maxLingerMs - now;
    const rate = this.arrivals.at(now);
    const msToFill = rate > 0 ? ((this.limits.maxImages - shape.partialImages) * 1000) / rate : Infinity;
    if (lingerLeft <= 0 || msToFill > lingerLeft) return { ask: true };
    return { ask: false, recheckInMs: Math.max(1, Math.min(lingerLeft, msToFill)) };
  }
}
