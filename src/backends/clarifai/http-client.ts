import { Readable } from 'node:stream';
import { Agent, request } from 'undici';

export interface UpstreamResponse {
  httpStatus: number;
  retryAfter: string | string[] | undefined;
  /** Parsed JSON, or undefined when the body was not JSON. */
  json: unknown;
}

/** `cancelled`: every caller of the call went away (or ran out of time) and the attempt was abandoned. */
export type TransportFailure = { kind: 'timeout' | 'network' | 'cancelled'; message: string };

export interface AttemptLimits {
  /** This attempt's timeout: UPSTREAM_TIMEOUT_MS, or less when the callers' deadline is nearer. */
  timeoutMs: number;
  /** Aborts the attempt once nobody waits for it. */
  signal?: AbortSignal;
}

export interface HttpClientOptions {
  baseUrl: string;
  connections: number;
}

/** Keep-alive pool to Clarifai. Only transport concerns live here: no status logic, no retries. */
export class ClarifaiHttpClient {
  private readonly agent: Agent;

  constructor(private readonly options: HttpClientOptions) {
    this.agent = new Agent({ connections: options.connections, keepAliveTimeout: 30_000, pipelining: 1 });
  }

  async post(path: string, pat: string, body: string | Iterable<string>, limits: AttemptLimits): Promise<UpstreamResponse | TransportFailure> {
    const url = new URL(path, this.options.baseUrl);
    try {
      const res = await request(url, {
        method: 'POST',
        dispatcher: this.agent,
        headers: { authorization: `Key ${pat}`, 'content-type': 'application/json', accept: 'application/json' },
        // Byte mode with a small buffer: Readable.from would otherwise run ahead of the socket by 16
        // multi-megabyte base64 slices per call, and memory would grow with the calls in flight.
        body: typeof body === 'string' ? body : Readable.from(body, { objectMode: false, highWaterMark: 64 * 1024 }),
        headersTimeout: limits.timeoutMs,
        bodyTimeout: limits.timeoutMs,
        signal: limits.signal ? AbortSignal.any([limits.signal, AbortSignal.timeout(limits.timeoutMs)]) : AbortSignal.timeout(limits.timeoutMs),
      });
      const text = await res.body.text();
      return { httpStatus: res.statusCode, retryAfter: res.headers['retry-after'], json: parseJson(text) };
    } catch (err) {
      if (limits.signal?.aborted) return { kind: 'cancelled', message: 'abandoned: nobody waits for the answer any more' };
      return classify(err);
    }
  }

  private closing: Promise<void> | undefined;

  /** Idempotent: a shutdown signal and a test's teardown may both close the service. */
  close(): Promise<void> {
    this.closing ??= this.agent.close();
    return this.closing;
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

const TIMEOUT_CODES = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'UND_ERR_CONNECT_TIMEOUT']);

/** Error messages from undici never include request headers, so the PAT cannot leak through them. */
function classify(err: unknown): TransportFailure {
  const e = err as { code?: string; name?: string; message?: string };
  if ((e.code && TIMEOUT_CODES.has(e.code)) || e.name === 'TimeoutError') {
    return { kind: 'timeout', message: 'Clarifai did not answer in time' };
  }
  return { kind: 'network', message: `connection to Clarifai failed (${e.code ?? e.name ?? 'error'})` };
}
