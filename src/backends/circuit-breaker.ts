import { systemClock, type Clock } from '../util/clock.js';

export interface BreakerSettings {
  /** Consecutive failed calls (5xx, resets, unreadable answers) that open the breaker. */
  failures: number;
  /**
   * Consecutive timed-out calls that open it. Lower than `failures`: each timeout has already held its
   * callers for a whole attempt timeout, so waiting for five would keep callers for minutes.
   */
  timeouts: number;
  /** How long it stays open before one probe call may test the upstream. */
  cooldownMs: number;
}

export type BreakerState = 'closed' | 'open' | 'half-open';
export type CallVerdict = 'success' | 'failure' | 'timeout' | 'neutral';

/**
 * May a call start? `probe` marks the one call that decides whether a half-open breaker closes;
 * `startedAt` goes back with the verdict (see record).
 */
export type Passage = { pass: true; probe: boolean; startedAt: number } | { pass: false; retryAfterMs: number };

/**
 * One upstream's circuit breaker. Closed: calls pass, and consecutive failures or timeouts are counted
 * (any answer from the upstream resets them). A failure counts only if no call has succeeded since it
 * started: calls sent together (a burst) fail together, and while others are being answered one slow or
 * failed call is bad luck, not a dead upstream (measured: under 9 % random faults, counting by completion
 * order alone opened it). Open: nothing passes until the cool-down has passed; then a
 * single probe call passes (half-open) while the others are refused, and its verdict closes the breaker
 * or opens it again. Throttles are neutral: the upstream is alive, just busy.
 */
export class CircuitBreaker {
  private state: BreakerState = 'closed';
  private failures = 0;
  private timeouts = 0;
  private openedAt = 0;
  private lastSuccessAt = -Infinity;
  private probing = false;

  constructor(
    private readonly settings: BreakerSettings,
    private readonly onChange: (state: BreakerState) => void = () => {},
    private readonly clock: Clock = systemClock,
  ) {}

  get current(): BreakerState {
    if (this.state === 'open' && this.clock.now() >= this.openedAt + this.settings.cooldownMs) this.set('half-open');
    return this.state;
  }

  /** For images about to queue: refused only while open and cooling down (a half-open breaker lets a probe form). */
  refusal(): number | undefined {
    return this.current === 'open' ? this.retryAfterMs() : undefined;
  }

  passage(): Passage {
    const state = this.current;
    const startedAt = this.clock.now();
    if (state === 'closed') return { pass: true, probe: false, startedAt };
    if (state === 'half-open' && !this.probing) {
      this.probing = true;
      return { pass: true, probe: true, startedAt };
    }
    return { pass: false, retryAfterMs: this.retryAfterMs() };
  }

  /** The verdict of a call that passed, with what passage() said when it started. */
  record(verdict: CallVerdict, passage: { probe: boolean; startedAt: number }): void {
    const { probe } = passage;
    if (probe) this.probing = false; // a neutral probe (a throttle) lets the next call probe instead
    if (verdict === 'neutral') return;
    if (verdict === 'success') {
      this.lastSuccessAt = this.clock.now();
      this.failures = 0;
      this.timeouts = 0;
      if (this.state !== 'closed') this.set('closed');
      return;
    }
    if (!probe && passage.startedAt < this.lastSuccessAt) return;
    if (verdict === 'timeout') this.timeouts++;
    else this.failures++;
    const trip = probe || this.timeouts >= this.settings.timeouts || this.failures >= this.settings.failures;
    if (trip && (this.state !== 'open' || probe)) this.open();
  }

  private open(): void {
    this.openedAt = this.clock.now();
    this.failures = 0;
    this.timeouts = 0;
    this.set('open');
  }

  private retryAfterMs(): number {
    return Math.max(1000, this.openedAt + this.settings.cooldownMs - this.clock.now());
  }

  private set(state: BreakerState): void {
    if (this.state === state) return;
    this.state = state;
    this.onChange(state);
  }
}
