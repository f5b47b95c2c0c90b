import { isSpanContextValid, trace, type SpanContext, type Tracer } from '@opentelemetry/api';

/**
 * Whether a tracer provider was installed (src/telemetry/sdk.ts). Every span helper checks this first, so
 * with tracing off the hot path allocates no span objects at all, not even the API's no-op ones.
 */
let enabled = false;

export function markTracingEnabled(on = true): void {
  enabled = on;
}

export function tracingEnabled(): boolean {
  return enabled;
}

export function tracer(): Tracer {
  return trace.getTracer('image-predict-graphql');
}

/**
 * The active span's context, for entry points other than GraphQL (a job worker) to put in
 * `RequestContext.trace`. Undefined when tracing is off or nothing is active.
 */
export function currentTraceContext(): SpanContext | undefined {
  if (!enabled) return undefined;
  const sc = trace.getActiveSpan()?.spanContext();
  return sc && isSpanContextValid(sc) ? sc : undefined;
}

/** `RequestContext.trace` is `unknown` (the prediction layer knows no OTel): accept only a valid SpanContext. */
export function asSpanContext(value: unknown): SpanContext | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const sc = value as SpanContext;
  return typeof sc.traceId === 'string' && typeof sc.spanId === 'string' && isSpanContextValid(sc) ? sc : undefined;
}

/** Runs `fn` in a span of its own (child of the active one) when tracing is on; just runs it otherwise. */
export function inSpan<T>(name: string, fn: () => Promise<T>): Promise<T> {
  if (!enabled) return fn();
  return tracer().startActiveSpan(name, (span) => fn().finally(() => span.end()));
}
