/** What one extra check contributes to /readyz: whether it allows traffic, plus any details to show. */
export interface CheckResult {
  ready: boolean;
  [detail: string]: unknown;
}
export type ReadinessCheck = () => CheckResult;

export type ReadinessStatus = 'starting' | 'ready' | 'not_ready' | 'draining';

export interface ReadinessReport {
  status: ReadinessStatus;
  /** Present once a check was added: each check's own result, by name. */
  checks?: Record<string, CheckResult>;
  [field: string]: unknown;
}

/**
 * Readiness, as opposed to liveness (/healthz): may a load balancer send this process new work now?
 * Not before the backends started, not once a drain began, and not while an added check says no.
 */
export class Readiness {
  private started = false;
  private draining = false;
  private readonly checks = new Map<string, ReadinessCheck>();

  markStarted(): void {
    this.started = true;
  }

  beginDrain(): void {
    this.draining = true;
  }

  get isDraining(): boolean {
    return this.draining;
  }

  /** Adds a named check (a degraded cache, a breaker…); called on every probe, so it must be cheap and synchronous. */
  addCheck(name: string, check: ReadinessCheck): void {
    if (this.checks.has(name)) throw new Error(`readiness check "${name}" is already registered`);
    this.checks.set(name, check);
  }

  report(): ReadinessReport {
    const results: Record<string, CheckResult> = {};
    let checksReady = true;
    for (const [name, check] of this.checks) {
      let result: CheckResult;
      try {
        result = check();
      } catch (err) {
        // A probe must answer; a check that throws is a check that says no.
        result = { ready: false, error: err instanceof Error ? err.message : String(err) };
      }
      results[name] = result;
      checksReady &&= result.ready;
    }
    const status: ReadinessStatus = this.draining ? 'draining' : !this.started ? 'starting' : checksReady ? 'ready' : 'not_ready';
    return this.checks.size ? { status, checks: results } : { status };
  }

  /** 200 only when the report says ready. */
  httpStatus(report: ReadinessReport = this.report()): number {
    return report.status === 'ready' ? 200 : 503;
  }
}
