type Env = Record<string, string | undefined>;

/**
 * Where traces go, from the standard variables; undefined (tracing off) when neither endpoint is set,
 * when OTEL_SDK_DISABLED=true or OTEL_TRACES_EXPORTER=none. Kept apart from the SDK so that deciding
 * "off" loads none of it.
 */
export function tracesUrl(env: Env): string | undefined {
  if (env.OTEL_SDK_DISABLED === 'true' || env.OTEL_TRACES_EXPORTER === 'none') return undefined;
  const specific = env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT?.trim();
  if (specific) return specific;
  const base = env.OTEL_EXPORTER_OTLP_ENDPOINT?.trim();
  // The spec: the signal's path is appended to the generic endpoint, never to the specific one.
  return base ? `${base.replace(/\/+$/, '')}/v1/traces` : undefined;
}

/** http/protobuf (the spec's default) or http/json; anything else is refused with a message. */
export function tracesProtocol(env: Env): 'http/protobuf' | 'http/json' {
  const protocol = env.OTEL_EXPORTER_OTLP_TRACES_PROTOCOL ?? env.OTEL_EXPORTER_OTLP_PROTOCOL ?? 'http/protobuf';
  if (protocol === 'http/protobuf' || protocol === 'http/json') return protocol;
  throw new Error(`OTEL_EXPORTER_OTLP_PROTOCOL=${protocol} is not supported here (use http/protobuf or http/json)`);
}
