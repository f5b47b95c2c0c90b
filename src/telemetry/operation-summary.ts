import { randomUUID } from 'node:crypto';
import type { ApolloServerPlugin, GraphQLRequestContextWillSendResponse } from '@apollo/server';
import { context, propagation, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, type Span, type TextMapGetter } from '@opentelemetry/api';
import type { Context } from '../graphql/context.js';
import { tracer, tracingEnabled } from './tracer.js';

/** What one GraphQL operation did, for its log line, its metrics and its span. */
export interface OperationSummary {
  requestId: string;
  /** The operation's name as the client sent it (undefined: anonymous). */
  operation: string | undefined;
  type: string | undefined;
  images: number;
  /** Images by outcome: `OK` or the image's error code. */
  outcomes: Record<string, number>;
  cacheHits: number;
  /** ok: no errors; partial: data and errors (some images failed); error: no data. */
  outcome: 'ok' | 'partial' | 'error';
  /** Codes of the errors not at a predict field's images (validation, operation limits, internal). */
  errorCodes: string[];
  durationMs: number;
}

/** Told each finished operation's summary, in order, within one willSendResponse (the log line, RED metrics). */
export type OperationReader = (summary: OperationSummary, rc: GraphQLRequestContextWillSendResponse<Context>) => void;

export const REQUEST_ID_HEADER = 'x-request-id';

const headerGetter: TextMapGetter<Map<string, string>> = { get: (carrier, key) => carrier.get(key), keys: (carrier) => [...carrier.keys()] };

/**
 * Tallies every operation: its images' outcomes as the predict fields resolve (a field's result holds
 * ImageError values for failed images, and `source.cached` for cache hits), its errors and duration.
 * With tracing on it also makes the operation span (continuing an incoming `traceparent`) and puts its
 * context in `RequestContext.trace`, which travels with every image to the upstream call's span links.
 * Then it hands the summary to `readers`: one plugin, not one per reader, because each plugin's hooks
 * cost every operation a few async steps.
 */
export function operationSummaryPlugin(readers: readonly OperationReader[]): ApolloServerPlugin<Context> {
  return {
    async requestDidStart({ request, contextValue }) {
      const started = performance.now();
      const tally = { images: 0, outcomes: {} as Record<string, number>, cacheHits: 0 };
      const span = tracingEnabled() ? startOperationSpan(request.http?.headers) : undefined;
      if (span && contextValue.request) contextValue.request.trace = span.spanContext();
      const count = (code: string, n = 1) => {
        tally.images += n;
        tally.outcomes[code] = (tally.outcomes[code] ?? 0) + n;
      };
      // The predict fields report their images' outcomes here (graphql/predict-field.ts). A willResolveField
      // hook would do the same, but makes Apollo wrap every field of every response (measured: most of the
      // service's CPU per image at the ceiling).
      contextValue.tally = { count, cacheHit: () => void tally.cacheHits++ };
      return {
        async willSendResponse(rc) {
          const summary = finish(rc, tally, performance.now() - started);
          if (span) endOperationSpan(span, summary);
          for (const read of readers) read(summary, rc);
        },
      };
    },
  };
}

function finish(
  rc: GraphQLRequestContextWillSendResponse<Context>,
  tally: Pick<OperationSummary, 'images' | 'outcomes' | 'cacheHits'>,
  durationMs: number,
): OperationSummary {
  const body = rc.response.body;
  const result = body.kind === 'single' ? body.singleResult : body.initialResult;
  const errors = result.errors ?? [];
  // Codes already counted as images' outcomes are left out: the rest say what else went wrong.
  const codes = new Set(errors.map((e) => String(e.extensions?.code ?? 'INTERNAL_SERVER_ERROR')));
  const errorCodes = [...codes].filter((c) => tally.outcomes[c] === undefined);
  const hasData = result.data !== undefined && result.data !== null;
  return {
    requestId: rc.request.http?.headers.get(REQUEST_ID_HEADER) ?? randomUUID(),
    operation: rc.operationName ?? rc.request.operationName ?? undefined,
    type: rc.operation?.operation,
    ...tally,
    outcome: !hasData ? 'error' : errors.length > 0 ? 'partial' : 'ok',
    errorCodes,
    durationMs: Math.round(durationMs * 10) / 10,
  };
}

function startOperationSpan(headers: Map<string, string> | undefined): Span {
  // Under the http instrumentation the server span (which already continued `traceparent`) is active.
  const active = context.active();
  const parent = trace.getSpan(active) || !headers ? active : propagation.extract(ROOT_CONTEXT, headers, headerGetter);
  return tracer().startSpan('graphql operation', { kind: SpanKind.SERVER }, parent);
}

function endOperationSpan(span: Span, s: OperationSummary): void {
  if (s.operation) span.updateName(`${s.type ?? 'graphql'} ${s.operation}`);
  span.setAttributes({
    'graphql.operation.name': s.operation ?? '',
    'graphql.operation.type': s.type ?? '',
    'predict.request_id': s.requestId,
    'predict.images': s.images,
    'predict.cache_hits': s.cacheHits,
    'predict.outcome': s.outcome,
    ...Object.fromEntries(Object.entries(s.outcomes).map(([code, n]) => [`predict.images.${code}`, n])),
  });
  if (s.outcome === 'error') span.setStatus({ code: SpanStatusCode.ERROR, message: s.errorCodes.join(',') });
  span.end();
}
