import type { ModelRef, OutputOptions } from '../backends/predict-backend.js';
import type { ModelRouter } from '../backends/model-router.js';
import type { Admission } from '../batching/admission.js';
import { ImageError } from '../error-codes.js';
import type { ByteBudget } from '../images/byte-budget.js';
import type { ImageSource } from '../images/image-source.js';
import type { PreparedUrlImage } from '../images/prepared-image.js';
import { estimateInputBytes, prepareInput, prepareUrlInput, type ImageLimits } from '../images/prepare-input.js';
import type { CachedLoader, LoadSpec } from './cached-load.js';
import type { PredictionKey } from '../cache/index.js';
import { predictImages, type ImageResult } from './predict-images.js';
import type { ImageProgress, RequestContext } from './request-context.js';
import { stoppedError } from './deadline.js';
import type { QuotaRefused, QuotaTicket, Quotas } from '../quota/index.js';

export interface PredictRequest {
  images: readonly ImageSource[];
  model: ModelRef;
  options: OutputOptions;
  /** Overrides AUTO_ORIENT for this request. */
  autoOrient?: boolean;
  /** Skip reading the prediction cache (the fresh answers are still stored). */
  bypassCache?: boolean;
}

/** The whole request was refused before any image was read: the service is shedding load. */
export class OverloadedRefusal extends Error {
  constructor(
    readonly retryAfterSeconds: number,
    readonly limit: number,
  ) {
    super(`more than ${limit} images are waiting for the upstream`);
  }
}

const ANONYMOUS_KEY = 'anonymous:anonymous';

/** The caller's quota cannot cover the images that would go upstream: nothing was sent. */
export class QuotaRefusal extends Error {
  constructor(readonly decision: QuotaRefused) {
    super(`the ${decision.window} quota is spent`);
  }
}

/** Per-caller usage, for metrics: images sent upstream, answered from the cache, or refused. */
export interface PredictionObserver {
  images(callerKey: string, modelId: string, outcome: 'sent' | 'cached' | 'refused', n: number): void;
}

export interface PredictionDeps {
  observer?: PredictionObserver;
  /** Per-caller image quotas; undefined: nobody is counted. */
  quotas?: Quotas;
  admission: Admission;
  loader: CachedLoader;
  router: ModelRouter;
  imageBudget: ByteBudget;
  imageLimits: ImageLimits;
  maxQueued: number;
}

/**
 * Predictions, knowing no GraphQL: images, a model, options and a request context in; one outcome per
 * image out, in input order (a prediction with the image it answers and where it came from, or that
 * image's ImageError). Every entry point (the resolvers, the federation entity, a bulk job's worker)
 * comes through here, so they all shed load, bound memory, use the cache, batch, cancel and keep
 * deadlines the same way.
 */
export class PredictionService {
  constructor(private readonly deps: PredictionDeps) {}

  /** Throws OverloadedRefusal when the backlog is full; never throws for one image's failure. */
  async predict(request: PredictRequest, ctx: RequestContext): Promise<ImageResult[]> {
    const count = (outcome: 'sent' | 'cached' | 'refused', n: number) => {
      if (n > 0 && ctx.callerId !== undefined) this.deps.observer?.images(ctx.callerId, request.model.modelId, outcome, n);
    };
    try {
      const results = await this.run(request, ctx, (n) => count('sent', n));
      count('cached', results.filter((r) => !(r instanceof ImageError) && r.source.cached).length);
      return results;
    } catch (err) {
      if (err instanceof QuotaRefusal || err instanceof OverloadedRefusal) count('refused', request.images.length);
      throw err;
    }
  }

  private async run(request: PredictRequest, ctx: RequestContext, sent: (n: number) => void): Promise<ImageResult[]> {
    const { admission, loader, router, imageBudget } = this.deps;
    const spec: LoadSpec = {
      backend: router.backendFor(request.model.modelId),
      model: request.model,
      options: request.options,
      bypass: request.bypassCache ?? false,
    };
    // URL images this replica has answered before are answered now: they wait for nothing and take no
    // place in the backlog. (Byte images are known only once read, which is what admission saves.)
    const results = new Array<ImageResult | undefined>(request.images.length);
    // A URL's checks and normal form are worked out once: for the memory lookup and, on a miss, the load.
    // So is its cache key, under which memory was just looked in: the load does neither again.
    const rest: Pending[] = [];
    for (let i = 0; i < request.images.length; i++) {
      const input = request.images[i]!;
      const url = prepareUrlInput(input);
      const key = spec.bypass || !url || url instanceof ImageError ? undefined : loader.keyFor(spec, url, ctx.credential);
      const hit = key && loader.peek(key);
      if (hit) results[i] = { ref: { url: (url as PreparedUrlImage).url }, prediction: hit.prediction, source: hit.source };
      else rest.push({ input, i, url, peekedKey: key });
    }
    if (rest.length === 0) return results as ImageResult[];

    // Before any image is read: a refused request costs nothing but these checks. The quota is reserved for
    // every image that may go upstream; only those handed to a billed call are kept (ctx.onSent).
    const quota = this.counted(spec, ctx) ? await this.reserveQuota(ctx, rest.length) : undefined;
    const admitted = admission.tryAdmit(rest.length);
    if (!admitted.admitted) {
      quota?.release();
      throw new OverloadedRefusal(admitted.retryAfterSeconds, this.deps.maxQueued);
    }
    const { ticket } = admitted;
    const progress = new Map<string, ImageProgress>();
    const billed: RequestContext = { ...ctx, progress, onSent: (n) => (quota?.commit(n), sent(n)) };
    const limits = request.autoOrient === undefined ? this.deps.imageLimits : { ...this.deps.imageLimits, autoOrient: request.autoOrient };
    try {
      const answered = await predictImages(rest, {
        budget: imageBudget,
        signal: ctx.signal,
        stopped: (image) => stoppedError(ctx.signal.reason, image && progress.get(image.key)),
        estimate: (r) => estimateInputBytes(r.input, limits),
        prepare: async (r) => {
          const prepared = r.url ?? (await prepareInput(r.input, limits));
          if (prepared instanceof ImageError) ticket.handOver(); // it waits for nothing more
          return prepared;
        },
        load: (image, r) => {
          // From here the batcher counts the image (Batcher.queuedImages) until a permit takes it; a
          // cache hit never gets there.
          ticket.handOver();
          return loader.load(spec, image, billed, r.peekedKey);
        },
      });
      answered.forEach((r, k) => (results[rest[k]!.i] = r));
      return results as ImageResult[];
    } finally {
      ticket.close();
      quota?.release();
    }
  }

  /** Whether the images of this request count toward a quota (or the usage it reports). */
  private counted(spec: LoadSpec, ctx: RequestContext): boolean {
    if (!this.deps.quotas || !spec.backend.billable || ctx.callerId === undefined) return false;
    // Nobody to hold to a limit, nobody to report usage to: counting would only cost time.
    const limited = ctx.quota?.imagesPerMinute !== undefined || ctx.quota?.imagesPerDay !== undefined;
    return limited || ctx.callerId !== ANONYMOUS_KEY;
  }

  private async reserveQuota(ctx: RequestContext, images: number): Promise<QuotaTicket> {
    const decision = await this.deps.quotas!.reserve(ctx.callerId!, ctx.quota ?? {}, images);
    if (!decision.granted) throw new QuotaRefusal(decision);
    return decision.ticket;
  }
}

/** An image not answered from memory: its input, its place, and for a URL its checks and the key peeked under. */
interface Pending {
  input: ImageSource;
  i: number;
  url: PreparedUrlImage | ImageError | undefined;
  peekedKey: PredictionKey | undefined;
}
