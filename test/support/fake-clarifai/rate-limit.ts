/**
 * Sliding 1 s window per PAT, counting only admitted calls: a client that keeps hammering while
 * throttled is still let through once its earlier calls age out, as with Clarifai's limiter.
 */
export class SlidingWindowLimiter {
  private readonly admitted = new Map<string, number[]>();

  constructor(
    private readonly perSecond: number | undefined,
    private readonly windowMs = 1000,
  ) {}

  /** True if the call may proceed (and is counted). */
  tryAdmit(pat: string, now = performance.now()): boolean {
    if (this.perSecond === undefined) return true;
    const log = this.admitted.get(pat) ?? [];
    while (log.length > 0 && log[0]! <= now - this.windowMs) log.shift();
    if (log.length >= this.perSecond) {
      this.admitted.set(pat, log);
      return false;
    }
    log.push(now);
    this.admitted.set(pat, log);
    return true;
  }

  reset(): void {
    this.admitted.clear();
  }
}
