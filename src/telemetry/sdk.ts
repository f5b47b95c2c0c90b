import { trace } from '@opentelemetry/api';
import { registerInstrumentations } from '@opentelemetry/instrumentation';
import { detectResources, envDetector, resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, NodeTracerProvider, type SpanExporter } from '@opentelemetry/sdk-trace-node';
import { markTracingEnabled } from './tracer.js';
import { tracesProtocol, tracesUrl } from './tracing-env.js';

type Env = Record<string, string | undefined>;

export interface TracingHandle {
  forceFlush(): Promise<void>;
  shutdown(): Promise<void>;
}

async function exporterFor(env: Env, url: string): Promise<SpanExporter> {
  if (tracesProtocol(env) === 'http/json') return new (await import('@opentelemetry/exporter-trace-otlp-http')).OTLPTraceExporter({ url });
  return new (await import('@opentelemetry/exporter-trace-otlp-proto')).OTLPTraceExporter({ url });
}

/** Health and scrape endpoints would be most of the traces and say nothing. */
const QUIET_PATHS = new Set(['/metrics', '/healthz', '/readyz']);

async function instrumentations() {
  const [http, express, graphql, undici, ioredis] = await Promise.all([
    import('@opentelemetry/instrumentation-http'),
    import('@opentelemetry/instrumentation-express'),
    import('@opentelemetry/instrumentation-graphql'),
    import('@opentelemetry/instrumentation-undici'),
    import('@opentelemetry/instrumentation-ioredis'),
  ]);
  return [
    new http.HttpInstrumentation({ ignoreIncomingRequestHook: (req) => QUIET_PATHS.has((req.url ?? '').split('?')[0]!) }),
    new express.ExpressInstrumentation(),
    // One span per field of every image would drown the spans that matter.
    new graphql.GraphQLInstrumentation({ ignoreTrivialResolveSpans: true, mergeItems: true }),
    new undici.UndiciInstrumentation(),
    new ioredis.IORedisInstrumentation(),
  ];
}

/**
 * Installs the trace SDK when the environment asks for it: a batch span processor (OTEL_BSP_* read by
 * the SDK), W3C trace context propagation, an AsyncLocalStorage context manager and, unless turned off,
 * the http/express/graphql/undici/ioredis instrumentations. Returns undefined (and installs nothing)
 * when tracing is off.
 */
export async function startTracing(env: Env = process.env, options: { instrument?: boolean } = {}): Promise<TracingHandle | undefined> {
  const url = tracesUrl(env);
  if (!url) return undefined;
  const resource = detectResources({ detectors: [envDetector] }).merge(
    resourceFromAttributes({ 'service.name': env.OTEL_SERVICE_NAME ?? 'image-predict-graphql' }),
  );
  const provider = new NodeTracerProvider({ resource, spanProcessors: [new BatchSpanProcessor(await exporterFor(env, url))] });
  provider.register();
  if (options.instrument ?? true) registerInstrumentations({ tracerProvider: provider, instrumentations: await instrumentations() });
  markTracingEnabled();
  return {
    forceFlush: () => provider.forceFlush(),
    shutdown: async () => {
      markTracingEnabled(false);
      await provider.shutdown();
      trace.disable();
    },
  };
}
