import { mulberry32 } from './concepts.js';
import type { Fault, FaultRateOptions, FaultRates } from './types.js';

const RANDOM_ORDER = ['http5xx', 'timeout', 'throttle', 'reset', 'malformed', 'mixed'] as const;
const STATUSES_5XX = [500, 502, 503, 504] as const;

/**
 * Queued faults first (one per call, in order), else a random draw. The PRNG is seeded so a failing
 * soak run replays the same fault sequence for the same order of calls.
 */
export class FaultPlan {
  private queue: Fault[] = [];
  private rates: FaultRates = {};
  private rateOptions: FaultRateOptions = {};
  private rand: () => number;

  constructor(private readonly seed: number) {
    this.rand = mulberry32(seed);
  }

  inject(faults: Fault[]): void {
    this.queue.push(...faults);
  }

  setRates(rates: FaultRates, options: FaultRateOptions = {}): void {
    const sum = RANDOM_ORDER.reduce((s, k) => s + (rates[k] ?? 0), 0);
    if (sum > 1 + 1e-9 || RANDOM_ORDER.some((k) => (rates[k] ?? 0) < 0)) throw new Error(`fault rates must be >= 0 and sum to <= 1 (got ${sum})`);
    this.rates = { ...rates };
    this.rateOptions = { ...options };
    this.rand = mulberry32(this.seed);
  }

  reset(): void {
    this.queue = [];
    this.rates = {};
    this.rand = mulberry32(this.seed);
  }

  get pending(): number {
    return this.queue.length;
  }

  /** The fault for the next call, given how many inputs it carries (for random `mixed`). */
  next(inputCount: number): Fault | undefined {
    const queued = this.queue.shift();
    if (queued) return queued;
    const r = this.rand();
    let acc = 0;
    for (const type of RANDOM_ORDER) {
      acc += this.rates[type] ?? 0;
      if (r < acc) return this.build(type, inputCount);
    }
    return undefined;
  }

  private build(type: (typeof RANDOM_ORDER)[number], inputCount: number): Fault {
    switch (type) {
      case 'http5xx':
        return { type, status: STATUSES_5XX[Math.floor(this.rand() * STATUSES_5XX.length)] };
      case 'throttle':
        return this.rateOptions.retryAfterSeconds === undefined ? { type } : { type, retryAfterSeconds: this.rateOptions.retryAfterSeconds };
      case 'mixed': {
        const failIndexes: number[] = [];
        for (let i = 0; i < inputCount; i++) if (this.rand() < 0.3) failIndexes.push(i);
        if (failIndexes.length === 0 && inputCount > 0) failIndexes.push(Math.floor(this.rand() * inputCount));
        return { type, failIndexes, code: this.rateOptions.mixedCode ?? 21354 };
      }
      default:
        return { type };
    }
  }
}
