export interface RetrySettings {
  maxRetries: number;
  baseMs: number;
  maxMs: number;
}

/** Full-jitter exponential backoff (as AWS SDKs do), so retrying callers do not stampede together. */
export function backoffMs(attempt: number, s: RetrySettings, random: () => number = Math.random): number {
  const ceiling = Math.min(s.maxMs, s.baseMs * 2 ** attempt);
  return Math.round(ceiling * (0.5 + random() / 2));
}

/** Retry-After as seconds or an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfter(header: string | string[] | undefined, now = Date.now()): number | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  if (!value) return undefined;
  if (/^\d+(\.\d+)?$/.test(value.trim())) return Math.round(Number(value) * 1000);
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}
