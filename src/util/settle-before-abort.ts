import type { CancelSignal } from './cancellation.js';

/**
 * Waits for `promise`, or for `signal` to abort and then at most `graceMs` more, whichever comes first:
 * undefined when the signal won. The grace lets work that reacts to the abort (a queue that drops the
 * image, an upstream call that is cut) say precisely what happened. The promise keeps running; a caller
 * that gives up on it must still handle what it later holds.
 */
export function settleBeforeAbort<T>(promise: Promise<T>, signal: CancelSignal, graceMs = 0): Promise<T | undefined> {
  return new Promise<T | undefined>((resolve, reject) => {
    let timer: NodeJS.Timeout | undefined;
    const onAbort = () => {
      if (graceMs <= 0) return resolve(undefined);
      timer = setTimeout(() => resolve(undefined), graceMs);
    };
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        clearTimeout(timer);
        resolve(value);
      },
      (err: unknown) => {
        signal.removeEventListener('abort', onAbort);
        clearTimeout(timer);
        reject(err);
      },
    );
  });
}
