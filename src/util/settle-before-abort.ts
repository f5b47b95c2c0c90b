/**
 * Waits for `promise`, or for `signal` to abort, whichever comes first: undefined when the signal won.
 * The promise keeps running; a caller that gives up on it must still handle what it later holds.
 */
export function settleBeforeAbort<T>(promise: Promise<T>, signal: AbortSignal): Promise<T | undefined> {
  if (signal.aborted) {
    promise.catch(() => undefined);
    return Promise.resolve(undefined);
  }
  return new Promise<T | undefined>((resolve, reject) => {
    const onAbort = () => resolve(undefined);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (err: unknown) => {
        signal.removeEventListener('abort', onAbort);
        // After an abort the rejection (usually the abort reason itself) has nobody to go to.
        if (signal.aborted) resolve(undefined);
        else reject(err);
      },
    );
  });
}
