import type { ImagePrediction, PredictBackend, PredictCall } from '../backends/predict-backend.js';
import { ErrorCode, ImageError } from '../error-codes.js';
import type { PreparedImage } from '../images/prepared-image.js';
import type { CallPermit } from '../limiter/limiter.js';
import type { RequestContext } from '../prediction/request-context.js';
import { CallTelemetry } from '../telemetry/call-telemetry.js';
import { systemClock, type Clock } from '../util/clock.js';
import { BatchGroup, type QueuedImage } from './batch-group.js';
import { DispatchPolicy } from './dispatch-policy.js';
import { groupKey, type GroupSpec } from './group-key.js';
import { Interest } from './interest.js';

export interface BatcherSettings {
  maxPartialInFlight: number;
  maxLingerMs: number;
}

export interface BatchObserver {
  onCall?(backend: string, images: number): void;
  onUnexpected?(err: unknown): void;
}

/** Groups kept before idle ones are dropped (each distinct credential, model and options makes one). */
const IDLE_SWEEP_AT = 64;

/**
 * The process-wide batcher: one queue per group key, shared by every operation, so images of concurrent
 * requests travel in the same upstream calls. Each group asks its backend's limiter for permits and a
 * permit takes what the queue holds when it comes. Nothing is cached here: see the prediction cache.
 */
export class Batcher {
  private readonly groups = new Map<string, BatchGroup>();
  private draining = false;

  constructor(
    private readonly settings: BatcherSettings,
    private readonly observer: BatchObserver = {},
    private readonly clock: Clock = systemClock,
  ) {}

  /**
   * Resolves with the image's prediction, or rejects with its ImageError (the context's abort reason
   * when the caller went away or its deadline passed before the image left).
   */
  load(backend: PredictBackend, spec: Omit<GroupSpec, 'backend'>, image: PreparedImage, ctx: RequestContext): Promise<ImagePrediction> {
    const refused = backend.refuse?.(spec.credential, spec.model);
    if (refused) return Promise.reject(refused);
    return this.group(backend, { ...spec, backend: backend.name }).add(image, ctx);
  }

  /** Groups alive now (for tests and metrics). */
  get groupCount(): number {
    return this.groups.size;
  }

  /** Images waiting in a queue for a permit, over all groups (for load shedding and metrics). */
  get queuedImages(): number {
    let n = 0;
    for (const g of this.groups.values()) n += g.queuedImages;
    return n;
  }

  /** Shutdown: pending batches leave at once, without lingering; so do batches opened afterwards. */
  drain(): void {
    this.draining = true;
    for (const g of this.groups.values()) g.drain();
  }

  private group(backend: PredictBackend, spec: GroupSpec): BatchGroup {
    const key = groupKey(spec);
    const existing = this.groups.get(key);
    if (existing) return existing;
    // Callers choose the options (and, if allowed, the PAT), so without this the map would grow with
    // every distinct minValue a client ever sent. An idle group holds nothing: dropping it loses no work.
    if (this.groups.size >= IDLE_SWEEP_AT) {
      for (const [k, g] of this.groups) if (g.idle) this.groups.delete(k);
    }
    const policy = new DispatchPolicy(
      {
        maxImages: backend.maxImagesPerCall,
        maxBytes: backend.maxBytesPerCall,
        maxPartialInFlight: this.settings.maxPartialInFlight,
        maxLingerMs: this.settings.maxLingerMs,
      },
      this.clock,
    );
    const onUnexpected = (err: unknown) => this.observer.onUnexpected?.(err);
    const send = (batch: QueuedImage[], permit: CallPermit) => this.run(backend, spec, batch, permit);
    const group = new BatchGroup(policy, backend.limiterFor(spec.credential), send, this.clock, onUnexpected, backend.billable ?? false);
    if (this.draining) group.drain();
    this.groups.set(key, group);
    return group;
  }

  /** One call: identical images sent once (their callers share the answer), every image answered. */
  private async run(backend: PredictBackend, spec: GroupSpec, batch: QueuedImage[], permit: CallPermit) {
    const slots = new Map<string, number>();
    const images: PreparedImage[] = [];
    const interests: Interest[] = [];
    const slotOf = batch.map((item) => {
      let slot = slots.get(item.image.key);
      if (slot === undefined) {
        slot = images.push(item.image) - 1;
        interests.push(new Interest(item.ctx, item.image.key));
        slots.set(item.image.key, slot);
      } else {
        interests[slot]!.add(item.ctx);
      }
      return slot;
    });
    const call: PredictCall = { credential: spec.credential, model: spec.model, options: spec.options, images, interests };
    // Telemetry: the call span (linked to every operation it serves) and the call's figures. onCall is
    // counted by the backend when the call really goes out, not here.
    const telemetry = new CallTelemetry(call, backend.name, backend.maxImagesPerCall, batch, this.clock.now(), this.observer);
    const outcomes = await telemetry
      .run(() => backend.predict(call, permit))
      .catch((err: unknown) => {
        this.observer.onUnexpected?.(err);
        return images.map(() => internalError());
      });
    telemetry.end(outcomes, (o) => o instanceof ImageError);
    batch.forEach((item, i) => {
      const outcome = outcomes[slotOf[i]!] ?? internalError();
      if (outcome instanceof ImageError) item.reject(outcome);
      else item.resolve(outcome);
    });
  }
}

function internalError(): ImageError {
  return new ImageError(ErrorCode.INTERNAL_SERVER_ERROR, 'The prediction failed unexpectedly.');
}
