/**
 * Load shedding. Images wait in two places before they go upstream: being prepared (waiting for the byte
 * budget, decoding, EXIF) and queued in the batcher (waiting for a rate-limit token or an in-flight slot).
 * When the upstream is the bottleneck both grow with the offered load; without a bound memory and latency
 * would grow with them. Admission refuses a field whose images would take the backlog over `maxQueued`,
 * so callers get a fast OVERLOADED with a Retry-After instead of a reply minutes later (or none).
 *
 * Images in flight upstream are not counted: the in-flight cap and the call size bound those already.
 */
export interface AdmissionSettings {
  /** Most images waiting (prepared or queued) before new work is refused. */
  maxQueued: number;
  /** Images per second the upstream drains at best, to turn a backlog into a Retry-After. */
  drainPerSecond: number;
}

/** Images one admitted field still holds as "being prepared"; hand them over as they reach the batcher. */
export interface AdmissionTicket {
  /** `n` images left preparation (queued in the batcher, or failed): stop counting them here. */
  handOver(n?: number): void;
  /** Gives back whatever the field still holds (call once, in a finally). */
  close(): void;
}

export type AdmissionResult = { admitted: true; ticket: AdmissionTicket } | { admitted: false; backlog: number; retryAfterSeconds: number };

const MAX_RETRY_AFTER_S = 60;

export class Admission {
  private preparing = 0;

  constructor(
    private readonly settings: AdmissionSettings,
    /** Images queued in the batcher now (Batcher.queuedImages). */
    private readonly queued: () => number,
  ) {}

  get backlog(): number {
    return this.preparing + this.queued();
  }

  /**
   * Admits `images` when they fit under the bound. An empty backlog admits anything, so one operation
   * bigger than the bound still runs alone (MAX_IMAGES_PER_OPERATION bounds it) instead of never.
   */
  tryAdmit(images: number): AdmissionResult {
    const backlog = this.backlog;
    if (backlog > 0 && backlog + images > this.settings.maxQueued) {
      return { admitted: false, backlog, retryAfterSeconds: this.retryAfter(backlog) };
    }
    this.preparing += images;
    let held = images;
    return {
      admitted: true,
      ticket: {
        handOver: (n = 1) => {
          const k = Math.min(n, held);
          held -= k;
          this.preparing -= k;
        },
        close: () => {
          this.preparing -= held;
          held = 0;
        },
      },
    };
  }

  /** Seconds the upstream needs to drain the backlog at best: a client that waits that long finds room. */
  private retryAfter(backlog: number): number {
    const seconds = Math.ceil(backlog / Math.max(1, this.settings.drainPerSecond));
    return Math.min(MAX_RETRY_AFTER_S, Math.max(1, seconds));
  }
}
