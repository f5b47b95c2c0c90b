import type { PerWindow, QuotaLimits, QuotaRefused, QuotaWindowName, WindowUsage } from './types.js';

/**
 * Fixed windows aligned to UTC: minute m is [m*60 s, (m+1)*60 s) and day d is [d*86,400 s, (d+1)*86,400 s)
 * since the epoch (epoch ms have no leap seconds, so every day starts at 00:00:00Z). Chosen over a sliding
 * window or GCRA because "100,000 images per day" means a calendar day to callers, the counters are two
 * integers per caller, and the Retry-After is exact: a window's count can only drop to zero at its end.
 * The price: a caller may spend a minute's limit just before a minute boundary and again just after it.
 */
export const MINUTE_MS = 60_000;
export const DAY_MS = 86_400_000;

export const minuteIndex = (ms: number): number => Math.floor(ms / MINUTE_MS);
export const dayIndex = (ms: number): number => Math.floor(ms / DAY_MS);
export const minuteEnd = (ms: number): number => (minuteIndex(ms) + 1) * MINUTE_MS;
export const dayEnd = (ms: number): number => (dayIndex(ms) + 1) * DAY_MS;

/** A limit as the stores see it: a whole number of images, or null for unlimited. */
export function limitOf(v: number | undefined): number | null {
  if (v === undefined || v === null || !Number.isFinite(v)) return null;
  return Math.max(0, Math.floor(v));
}

export function limitsOf(limits: QuotaLimits): PerWindow<number | null> {
  return { minute: limitOf(limits.imagesPerMinute), day: limitOf(limits.imagesPerDay) };
}

const remainingOf = (limit: number | null, counted: number): number | null => (limit === null ? null : Math.max(0, limit - counted));

/**
 * Whether `n` more images fit, given what each window counts now (committed plus reserved). Returns
 * undefined when they fit, else the refusal. The day is checked first: when the day is full, the next
 * minute does not help, and midnight is also a minute boundary, so one Retry-After covers both.
 */
export function refusal(now: number, counted: PerWindow<number>, limits: QuotaLimits, n: number): Omit<QuotaRefused, 'degraded'> | undefined {
  const limit = limitsOf(limits);
  const over = (w: QuotaWindowName) => limit[w] !== null && counted[w] + n > limit[w]!;
  const window: QuotaWindowName | undefined = over('day') ? 'day' : over('minute') ? 'minute' : undefined;
  if (window === undefined) return undefined;
  const never = n > limit[window]! || (window === 'minute' && limit.day !== null && n > limit.day);
  const resetsAt = window === 'day' ? dayEnd(now) : minuteEnd(now);
  return {
    granted: false,
    window,
    // At resetsAt the refusing window is empty; ceil so that a retry at now + Retry-After is never early.
    retryAfterSeconds: never ? null : Math.max(1, Math.ceil((resetsAt - now) / 1000)),
    remaining: { minute: remainingOf(limit.minute, counted.minute), day: remainingOf(limit.day, counted.day) },
    limit,
  };
}

/** One window's usage from its counts. */
export function windowUsage(limit: number | null, used: number, reserved: number, resetsAt: number): WindowUsage {
  return { used, reserved, limit, remaining: remainingOf(limit, used + reserved), resetsAt };
}
