/**
 * Time as the timing logic sees it. Production uses the real one; unit tests of the dispatch policy and
 * the limiters pass jest's fake timers through the same functions, so no test of timing logic sleeps.
 */
export interface Clock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => {
    const t = setTimeout(fn, ms);
    // Timers of the batcher and limiters must never keep a finished process alive.
    t.unref?.();
    return t;
  },
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};
