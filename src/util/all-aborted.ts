import { asAbortSignal, type CancelSignal } from './cancellation.js';

/**
 * A signal that aborts once every one of `signals` has (AbortSignal.any aborts on the first). An upstream
 * call serves many operations and is worth finishing while any of them still waits. A real AbortSignal,
 * made once per call: fetch, the limiter and timers/promises take it.
 */
export function allAborted(signals: readonly CancelSignal[]): AbortSignal {
  if (signals.length === 1) return asAbortSignal(signals[0]!);
  const controller = new AbortController();
  let left = signals.filter((s) => !s.aborted).length;
  if (left === 0) {
    controller.abort(signals[0]?.reason);
    return controller.signal;
  }
  for (const s of signals) {
    if (s.aborted) continue;
    s.addEventListener(
      'abort',
      () => {
        if (--left === 0) controller.abort(s.reason);
      },
      { once: true },
    );
  }
  return controller.signal;
}
