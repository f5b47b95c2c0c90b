/** A concept as the REST API spells it (snake_case, like the fixture). */
export interface Concept {
  id: string;
  name: string;
  value: number;
  app_id: string;
  user_id: string;
}

/** `output_config` as read from the request (either location); unknown fields are ignored. */
export interface OutputConfig {
  max_concepts?: number;
  min_value?: number;
  select_concepts?: Array<{ id?: string; name?: string }>;
}

export type Fault =
  | { type: 'throttle'; retryAfterSeconds?: number }
  /** `html: true` answers like a load balancer would (text/html, no JSON status). */
  | { type: 'http5xx'; status?: 500 | 502 | 503 | 504; html?: boolean }
  | { type: 'status'; code: number; httpStatus: number; description?: string; details?: string }
  | { type: 'timeout' }
  | { type: 'reset' }
  | { type: 'malformed' }
  | { type: 'mixed'; failIndexes: number[]; code?: number };

export type FaultType = Fault['type'];

/** Probability per call (0..1) of each random fault; their sum must stay <= 1. */
export interface FaultRates {
  http5xx?: number;
  timeout?: number;
  throttle?: number;
  reset?: number;
  malformed?: number;
  mixed?: number;
}

export interface FaultRateOptions {
  /** Per-input code of random `mixed` faults; default 21354 (transient, so a retrying client can recover). */
  mixedCode?: number;
  /** Retry-After of random throttles; default none. */
  retryAfterSeconds?: number;
}

export interface RecordedInput {
  /** The request's id, or the one the fake generated when it was absent or empty. */
  id: string;
  idGenerated: boolean;
  kind: 'url' | 'base64' | 'none';
  url?: string;
  /** sha256 (hex) of the decoded bytes, for base64 inputs that decoded. */
  sha256?: string;
  bytes?: Buffer;
  /** Per-input status the fake answered with (undefined when the whole call failed first). */
  statusCode?: number;
}

export interface RecordedCall {
  /** 0-based order of arrival. */
  seq: number;
  /** Same value for calls that shared one TCP connection (keep-alive checks). */
  connectionId: number;
  method: string;
  path: string;
  pat?: string;
  userId?: string;
  appId?: string;
  modelId?: string;
  versionId?: string;
  inputCount: number;
  inputs: RecordedInput[];
  outputConfig?: OutputConfig;
  bodyBytes: number;
  /** Date.now() when the request arrived / when it was answered or abandoned. */
  startedAt: number;
  endedAt?: number;
  /** Date.now() when the rate limit judged the call: after its body was read, so later than startedAt. */
  admittedAt?: number;
  httpStatus?: number;
  /** Top-level Clarifai status code answered (undefined for timeout/reset/html 5xx). */
  statusCode?: number;
  /** The injected fault applied to this call (queued or random). */
  fault?: Fault;
  /** Rejected by the fake's own `ratePerSecond` limiter. */
  rateLimited?: boolean;
  /** pending: not answered yet; abandoned: socket closed before an answer (timeout fault, client abort). */
  outcome: 'pending' | 'answered' | 'reset' | 'abandoned';
}

export interface FakeClarifaiOptions {
  /** Accepted PATs; default ['test-pat']. */
  pats?: string[];
  /** Calls allowed per PAT in any 1 s sliding window; undefined = unlimited. Rejected calls do not count. */
  ratePerSecond?: number;
  latency?: { perCallMs: number; perImageMs: number };
  /** Most inputs per call; default 128. */
  maxInputs?: number;
  /** Requests of this many bytes or more fail with 40033; default 128 MiB. */
  maxBodyBytes?: number;
  /** Seed of the PRNG behind setFaultRates; default 1. */
  seed?: number;
  /** Keep decoded bytes in calls[].inputs[].bytes; default true (turn off for long soak tests). */
  recordBytes?: boolean;
  /** Port to listen on (127.0.0.1 only); default 0 = any free port. */
  port?: number;
}
