import { describe, expect, it, jest } from '@jest/globals';
import { asAbortSignal, Cancellation } from '../../src/util/cancellation.js';

describe('Cancellation', () => {
  it('runs each listener once, in order, with the reason set, and not after removal', () => {
    const c = new Cancellation();
    const seen: string[] = [];
    const removed = () => seen.push('removed');
    c.addEventListener('abort', () => seen.push(`a:${String(c.reason)}`));
    c.addEventListener('abort', removed);
    c.addEventListener('abort', () => seen.push(`b:${c.aborted}`));
    c.removeEventListener('abort', removed);
    expect(c.aborted).toBe(false);
    c.abort('gone');
    c.abort('again');
    expect(seen).toEqual(['a:gone', 'b:true']);
    expect(c.reason).toBe('gone');
  });

  it('never runs a listener added after the abort, as AbortSignal does', () => {
    const c = new Cancellation();
    c.abort();
    const late = jest.fn();
    c.addEventListener('abort', late);
    expect(late).not.toHaveBeenCalled();
    expect(c.reason).toBeInstanceOf(DOMException);
  });

  it('a throwing listener stops no other listener, and its error is rethrown outside abort()', () => {
    const c = new Cancellation();
    const after = jest.fn();
    const deferred: (() => void)[] = [];
    const spy = jest.spyOn(globalThis, 'queueMicrotask').mockImplementation((fn) => void deferred.push(fn));
    try {
      c.addEventListener('abort', () => {
        throw new Error('listener bug');
      });
      c.addEventListener('abort', after);
      expect(() => c.abort()).not.toThrow();
    } finally {
      spy.mockRestore();
    }
    expect(after).toHaveBeenCalled();
    expect(deferred).toHaveLength(1);
    expect(() => deferred[0]!()).toThrow('listener bug');
  });

  it('becomes a real AbortSignal for fetch and timers, aborted with the same reason', () => {
    const c = new Cancellation();
    const signal = asAbortSignal(c);
    expect(signal).toBeInstanceOf(AbortSignal);
    c.abort('deadline');
    expect(signal.aborted).toBe(true);
    expect(signal.reason).toBe('deadline');
    const real = new AbortController().signal;
    expect(asAbortSignal(real)).toBe(real);
    const already = new Cancellation();
    already.abort('early');
    expect(asAbortSignal(already).reason).toBe('early');
  });
});
