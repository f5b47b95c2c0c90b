import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { CircuitBreaker, type BreakerState, type Passage } from '../../src/backends/circuit-breaker.js';

const settings = { failures: 3, timeouts: 2, cooldownMs: 5000 };
type Passed = Extract<Passage, { pass: true }>;

function pass(b: CircuitBreaker): Passed {
  const p = b.passage();
  if (!p.pass) throw new Error('expected the call to pass');
  return p;
}

describe('CircuitBreaker', () => {
  let changes: BreakerState[];
  let breaker: CircuitBreaker;
  beforeEach(() => {
    jest.useFakeTimers({ now: 1_000_000 });
    changes = [];
    breaker = new CircuitBreaker(settings, (s) => changes.push(s));
  });
  afterEach(() => {
    jest.useRealTimers();
  });

  it('opens after consecutive failures, refuses with the cool-down left, then lets one probe through', () => {
    for (let i = 0; i < 3; i++) breaker.record('failure', pass(breaker));
    expect(breaker.current).toBe('open');
    expect(breaker.refusal()).toBe(5000);
    const refused = breaker.passage();
    expect(refused).toEqual({ pass: false, retryAfterMs: 5000 });
    jest.advanceTimersByTime(4000);
    expect(breaker.refusal()).toBe(1000);
    jest.advanceTimersByTime(1000);
    expect(breaker.current).toBe('half-open');
    expect(breaker.refusal()).toBeUndefined(); // images may queue: one of their calls will probe
    const probe = pass(breaker);
    expect(probe.probe).toBe(true);
    expect(breaker.passage().pass).toBe(false); // one probe at a time
    breaker.record('success', probe);
    expect(breaker.current).toBe('closed');
    expect(changes).toEqual(['open', 'half-open', 'closed']);
  });

  it('opens after fewer timeouts than failures, and a failed probe opens it for another cool-down', () => {
    breaker.record('timeout', pass(breaker));
    breaker.record('timeout', pass(breaker));
    expect(breaker.current).toBe('open');
    jest.advanceTimersByTime(5000);
    breaker.record('timeout', pass(breaker));
    expect(breaker.current).toBe('open');
    expect(breaker.refusal()).toBe(5000);
  });

  it('any answer resets the count, and throttles are neutral', () => {
    breaker.record('failure', pass(breaker));
    breaker.record('failure', pass(breaker));
    breaker.record('neutral', pass(breaker));
    breaker.record('success', pass(breaker));
    breaker.record('failure', pass(breaker));
    breaker.record('failure', pass(breaker));
    expect(breaker.current).toBe('closed');
  });

  it('does not count failures of calls that started before another call succeeded (a burst failing together)', () => {
    const burst = [pass(breaker), pass(breaker), pass(breaker)];
    jest.advanceTimersByTime(10);
    breaker.record('success', pass(breaker));
    for (const p of burst) breaker.record('timeout', p);
    expect(breaker.current).toBe('closed');
    breaker.record('timeout', pass(breaker));
    breaker.record('timeout', pass(breaker));
    expect(breaker.current).toBe('open');
  });

  it('a neutral probe (throttled) hands the probe to the next call', () => {
    for (let i = 0; i < 3; i++) breaker.record('failure', pass(breaker));
    jest.advanceTimersByTime(5000);
    breaker.record('neutral', pass(breaker));
    const next = pass(breaker);
    expect(next.probe).toBe(true);
  });
});
