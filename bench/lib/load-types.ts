/** What the benchmark client does: loops for a while, a fixed count, or bursts. */
export interface LoadPlan {
  target: 'graphql' | 'clarifai';
  url: string;
  /** For direct calls to the fake Clarifai. */
  pat?: string;
  /** Distinguishes runs, so no URL repeats across them. */
  runId: string;
  /** Requests in flight at once (loops). */
  concurrency: number;
  durationMs?: number;
  /** Excluded from the measurement: the first seconds of ramp-up. */
  warmupMs?: number;
  /** Requests in all (instead of a duration). */
  count?: number;
  /** Burst sizes, each sent at once, then `pauseMs` of quiet. */
  bursts?: number[];
  pauseMs?: number;
  /** Every n-th image a tiny base64 PNG instead of a URL. */
  base64Every?: number;
  throttleBackoffMs?: number;
  /** The same URL every time (a cache-hit workload) instead of a new one per image. */
  repeatImage?: boolean;
  /** Images per GraphQL operation (1 unless set). */
  imagesPerRequest?: number;
  /** Extra request headers (an API key, to be one caller among several). */
  headers?: Record<string, string>;
}

export interface LoadResult {
  ok: number;
  errors: number;
  throttled: number;
  /** Length of the measurement window. */
  seconds: number;
  latenciesMs: number[];
}
