import { context, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, type Link, type Span } from '@opentelemetry/api';
import type { PredictCall } from '../backends/predict-backend.js';
import type { RequestContext } from '../prediction/request-context.js';
import { asSpanContext, tracer, tracingEnabled } from './tracer.js';

export interface AttemptReport {
  backend: string;
  modelId: string;
  /** HTTP status code, or timeout / network / cancelled. */
  status: string;
  seconds: number;
  images: number;
  throttled: boolean;
  /** Images of this attempt that will be tried again. */
  retrying: number;
}

/** What the metrics hear about calls; every hook reports something that happened. */
export interface CallObserver {
  /** A call went to an upstream or a model (its first attempt started): counted once per call. */
  onCall?(backend: string, images: number): void;
  onCallSent?(sent: { backend: string; modelId: string; images: number; maxImages: number }): void;
  /** Milliseconds each image of a batch waited, from joining the queue to its batch being taken. */
  onImagesLeft?(backend: string, waitsMs: readonly number[]): void;
  onAttempt?(attempt: AttemptReport): void;
  onInference?(inference: { modelId: string; seconds: number; failed: boolean }): void;
  /** Images handed to the local worker pool and not yet answered (+n, -n). */
  onLocalPending?(delta: number): void;
}

interface Queued {
  ctx: RequestContext;
  enqueuedAt: number;
}

const byCall = new WeakMap<PredictCall, CallTelemetry>();

/** The telemetry of a call the batcher made, for the backend that carries it out (undefined elsewhere). */
export function callTelemetry(call: PredictCall): CallTelemetry | undefined {
  return byCall.get(call);
}

/**
 * One batched call's spans and figures. The call span is a root of its own trace that links to every
 * operation it serves (links set at creation, so samplers see them); each operation gets a "batch wait"
 * span in its own trace, from its first image joining the queue to the call leaving.
 */
export class CallTelemetry {
  private readonly span: Span | undefined;
  private sentOnce = false;

  constructor(
    private readonly call: PredictCall,
    private readonly backend: string,
    private readonly maxImages: number,
    batch: readonly Queued[],
    now: number,
    private readonly observer: CallObserver,
  ) {
    byCall.set(call, this);
    observer.onImagesLeft?.(
      backend,
      batch.map((item) => now - item.enqueuedAt),
    );
    if (!tracingEnabled()) return;
    const firstByCtx = new Map<RequestContext, { at: number; images: number }>();
    for (const { ctx, enqueuedAt } of batch) {
      const seen = firstByCtx.get(ctx);
      if (seen) seen.images++;
      else firstByCtx.set(ctx, { at: enqueuedAt, images: 1 });
    }
    const links: Link[] = [];
    for (const ctx of firstByCtx.keys()) {
      const sc = asSpanContext(ctx.trace);
      if (sc) links.push({ context: sc });
    }
    this.span = tracer().startSpan(`${backend} call`, {
      root: true,
      kind: SpanKind.CLIENT,
      links,
      attributes: {
        'predict.backend': backend,
        'predict.model': call.model.modelId,
        'predict.batch.images': call.images.length,
        'predict.batch.queued_images': batch.length,
        // Identical images of several operations go once: the answers the batch shares.
        'predict.batch.shared_images': batch.length - call.images.length,
        'predict.batch.operations': firstByCtx.size,
      },
    });
    const callLink = [{ context: this.span.spanContext() }];
    for (const [ctx, first] of firstByCtx) {
      const sc = asSpanContext(ctx.trace);
      if (!sc) continue;
      const parent = trace.setSpanContext(ROOT_CONTEXT, sc);
      tracer()
        .startSpan('batch wait', { startTime: first.at, links: callLink, attributes: { 'predict.images': first.images } }, parent)
        .end(now);
    }
  }

  /** Runs the backend's work with the call span active, so HTTP client and Redis spans nest under it. */
  run<T>(fn: () => Promise<T>): Promise<T> {
    return this.span ? context.with(trace.setSpan(ROOT_CONTEXT, this.span), fn) : fn();
  }

  /** The call reaches its upstream or model: counted once, when that happens. */
  sent(): void {
    if (this.sentOnce) return;
    this.sentOnce = true;
    const images = this.call.images.length;
    this.observer.onCall?.(this.backend, images);
    this.observer.onCallSent?.({ backend: this.backend, modelId: this.call.model.modelId, images, maxImages: this.maxImages });
  }

  /** One HTTP attempt: a span (child of the call span) and a duration sample. */
  attempt(attempt: number, images: number): { done(status: string, throttled?: boolean, retrying?: number): void } {
    this.sent();
    const started = performance.now();
    const span =
      this.span &&
      tracer().startSpan(
        `${this.backend} attempt`,
        { kind: SpanKind.CLIENT, attributes: { 'predict.attempt': attempt + 1, 'predict.images': images } },
        trace.setSpan(ROOT_CONTEXT, this.span),
      );
    let ended = false;
    return {
      done: (status, throttled = false, retrying = 0) => {
        if (ended) return;
        ended = true;
        const seconds = (performance.now() - started) / 1000;
        this.observer.onAttempt?.({ backend: this.backend, modelId: this.call.model.modelId, status, seconds, images, throttled, retrying });
        if (!span) return;
        span.setAttributes({
          'http.response.status_code': Number(status) || 0,
          'predict.status': status,
          'predict.throttled': throttled,
          'predict.retrying_images': retrying,
        });
        if (!/^2\d\d$/.test(status)) span.setStatus({ code: SpanStatusCode.ERROR, message: status });
        span.end();
      },
    };
  }

  /** One local inference (a worker's run, queue included): a span and a duration sample. */
  async inference<T>(modelId: string, run: () => Promise<T>): Promise<T> {
    this.sent();
    const started = performance.now();
    const span =
      this.span && tracer().startSpan('local inference', { attributes: { 'predict.model': modelId } }, trace.setSpan(ROOT_CONTEXT, this.span));
    let failed = true;
    this.observer.onLocalPending?.(1);
    try {
      const out = await run();
      failed = false;
      return out;
    } finally {
      this.observer.onLocalPending?.(-1);
      this.observer.onInference?.({ modelId, seconds: (performance.now() - started) / 1000, failed });
      if (span) {
        if (failed) span.setStatus({ code: SpanStatusCode.ERROR });
        span.end();
      }
    }
  }

  /** The call is answered: outcome counts on the call span. */
  end(outcomes: readonly unknown[], isError: (o: unknown) => boolean): void {
    if (!this.span) return;
    const failed = outcomes.filter(isError).length;
    this.span.setAttributes({ 'predict.sent': this.sentOnce, 'predict.images.failed': failed });
    if (failed === outcomes.length && outcomes.length > 0) this.span.setStatus({ code: SpanStatusCode.ERROR });
    this.span.end();
  }
}
