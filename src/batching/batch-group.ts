import type { ImagePrediction } from '../backends/predict-backend.js';
import { ErrorCode, ImageError } from '../error-codes.js';
import type { PreparedImage } from '../images/prepared-image.js';
import type { CallPermit, Limiter } from '../limiter/limiter.js';
import type { RequestContext } from '../prediction/request-context.js';
import type { Clock } from '../util/clock.js';
import type { DispatchPolicy } from './dispatch-policy.js';
import { FairQueue } from './fair-queue.js';
import { payloadBytes } from './payload-bytes.js';
import { queueShape } from './queue-shape.js';

/** A deadline's reason, saying the image never left the queue (a caller who went away reads nothing). */
function stillQueued(reason: unknown): unknown {
  if (!(reason instanceof ImageError) || reason.code !== ErrorCode.DEADLINE_EXCEEDED) return reason;
  return new ImageError(
    ErrorCode.DEADLINE_EXCEEDED,
    `${reason.message} The image was still queued for an upstream call (rate limit, or calls in flight).`,
  );
}

/** One image of one operation, waiting in a group's queue until a permit takes it. */
export interface QueuedImage {
  image: PreparedImage;
  ctx: RequestContext;
  bytes: number;
  enqueuedAt: number;
  resolve(prediction: ImagePrediction): void;
  reject(err: unknown): void;
  /** Taken out of the queue: an abort no longer removes it (it has left, or is leaving). */
  detach(): void;
}

/** Sends one batch under the permit it holds; resolves or rejects every image; resolves when the call has ended. */
export type SendBatch = (images: QueuedImage[], permit: CallPermit) => Promise<void>;

/**
 * The queue of one group (one backend, credential, model and options) and the permits it holds.
 * Images wait here, counted as queued, until a permit from the group's limiter takes them; an image whose
 * caller has gone (or whose deadline passed) leaves the queue at once and never reaches the upstream.
 */
export class BatchGroup {
  private readonly queue = new FairQueue();
  private asked = 0;
  private inFlight = 0;
  private draining = false;
  private pumpScheduled = false;
  private lingerTimer: unknown;

  constructor(
    private readonly policy: DispatchPolicy,
    private readonly limiter: Limiter,
    private readonly send: SendBatch,
    private readonly clock: Clock,
    private readonly onUnexpected: (err: unknown) => void,
    /** Calls of this group are billed per image (Clarifai): images taken count toward their caller's quota. */
    private readonly billable = false,
  ) {}

  add(image: PreparedImage, ctx: RequestContext): Promise<ImagePrediction> {
    if (ctx.signal.aborted) return Promise.reject(ctx.signal.reason);
    return new Promise<ImagePrediction>((resolve, reject) => {
      const onAbort = () => {
        this.queue.remove(item);
        reject(stillQueued(ctx.signal.reason));
      };
      const item: QueuedImage = {
        image,
        ctx,
        bytes: payloadBytes(image),
        enqueuedAt: this.clock.now(),
        resolve,
        reject,
        detach: () => ctx.signal.removeEventListener('abort', onAbort),
      };
      ctx.signal.addEventListener('abort', onAbort, { once: true });
      this.queue.push(item);
      this.policy.arrived();
      this.schedulePump();
    });
  }

  get queuedImages(): number {
    return this.queue.size;
  }

  /** Nothing queued, asked for, in flight or timed: the group may be dropped and rebuilt later. */
  get idle(): boolean {
    return this.queue.size === 0 && this.asked === 0 && this.inFlight === 0 && !this.pumpScheduled && this.lingerTimer === undefined;
  }

  /** Shutdown: every queued image leaves as soon as a permit comes, without lingering or waiting for K. */
  drain(): void {
    this.draining = true;
    this.schedulePump();
  }

  /** Deferred to a later macrotask so every add() of the current tick joins the queue first. */
  private schedulePump(): void {
    if (this.pumpScheduled) return;
    this.pumpScheduled = true;
    setImmediate(() => {
      this.pumpScheduled = false;
      this.pump();
    });
  }

  private pump(): void {
    const shape = queueShape(this.queue, this.policy.maxImages, this.policy.maxBytes);
    for (let n = this.policy.fullPermitsWanted(shape, this.asked); n > 0; n--) this.ask();
    const partial = this.policy.partial(shape, this.asked, this.inFlight, this.draining);
    if (partial.ask) this.ask();
    else if (partial.recheckInMs !== undefined) this.armLinger(partial.recheckInMs);
  }

  private ask(): void {
    this.asked++;
    this.limiter.acquire().then(
      (permit) => {
        this.asked--;
        this.sendWith(permit);
      },
      (err: unknown) => {
        this.asked--;
        this.onUnexpected(err);
        this.schedulePump();
      },
    );
  }

  /** A permit came: it takes what the queue holds now (slot-then-fill), up to one full batch. */
  private sendWith(permit: CallPermit): void {
    const batch = this.take();
    if (batch.length === 0) {
      permit.release();
      return;
    }
    this.inFlight++;
    this.send(batch, permit)
      .catch(this.onUnexpected)
      .finally(() => {
        permit.release();
        this.inFlight--;
        this.schedulePump();
      });
    if (this.queue.size > 0) this.schedulePump();
  }

  private take(): QueuedImage[] {
    const batch = this.queue.take(this.policy.maxImages, this.policy.maxBytes);
    for (const item of batch) item.detach();
    if (this.billable) for (const item of batch) item.ctx.onSent?.(1);
    return batch;
  }

  private armLinger(ms: number): void {
    if (this.lingerTimer !== undefined) return;
    this.lingerTimer = this.clock.setTimeout(() => {
      this.lingerTimer = undefined;
      this.schedulePump();
    }, ms);
  }
}
