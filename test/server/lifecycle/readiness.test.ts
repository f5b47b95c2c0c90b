import { describe, expect, it } from '@jest/globals';
import { Readiness } from '../../../src/server/lifecycle/readiness.js';

describe('Readiness', () => {
  it('is starting, then ready, then draining for good', () => {
    const r = new Readiness();
    expect(r.report()).toEqual({ status: 'starting' });
    expect(r.httpStatus()).toBe(503);
    r.markStarted();
    expect(r.report()).toEqual({ status: 'ready' });
    expect(r.httpStatus()).toBe(200);
    r.beginDrain();
    expect(r.report()).toEqual({ status: 'draining' });
    expect(r.httpStatus()).toBe(503);
  });

  it('shows added checks; one that says no (or throws) makes the process not ready', () => {
    const r = new Readiness();
    r.markStarted();
    let redisUp = true;
    r.addCheck('redis', () => ({ ready: true, mode: redisUp ? 'shared' : 'degraded' }));
    expect(r.report()).toEqual({ status: 'ready', checks: { redis: { ready: true, mode: 'shared' } } });
    redisUp = false;
    expect(r.report().checks!.redis).toEqual({ ready: true, mode: 'degraded' });
    r.addCheck('breaker', () => {
      throw new Error('boom');
    });
    expect(r.report()).toMatchObject({ status: 'not_ready', checks: { breaker: { ready: false, error: 'boom' } } });
    expect(r.httpStatus()).toBe(503);
    expect(() => r.addCheck('redis', () => ({ ready: true }))).toThrow(/already registered/);
  });
});
