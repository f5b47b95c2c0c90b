/** Small waiting primitives shared by the Redis limiter and its local fallback. */

function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('This operation was aborted', 'AbortError');
}

/** Resolves after ms (at once for ms <= 0); rejects with signal.reason as soon as the signal aborts. */
export function delay(ms: number, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted) return Promise.reject(abortReason(signal));
  if (ms <= 0) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      reject(abortReason(signal!));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** The promise's outcome, or signal.reason as soon as the signal aborts (the promise then runs on, ignored). */
export function untilAborted<T>(promise: Promise<T>, signal?: AbortSignal): Promise<T> {
  if (!signal) return promise;
  if (signal.aborted) return Promise.reject(abortReason(signal));
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(abortReason(signal));
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

/** A counting semaphore whose waiters can give up (abort) without leaking a slot. FIFO. */
export class InFlightCap {
  private used = 0;
  private readonly queue: Array<{ grant: () => void }> = [];

  constructor(private readonly max: number) {}

  get inFlight(): number {
    return this.used;
  }

  take(signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.reject(abortReason(signal));
    if (this.used < this.max && this.queue.length === 0) {
      this.used++;
      return Promise.resolve();
    }
    return new Promise((resolve, reject) => {
      const entry = {
        grant: () => {
          signal?.removeEventListener('abort', onAbort);
          this.used++;
          resolve();
        },
      };
      const onAbort = () => {
        const i = this.queue.indexOf(entry);
        if (i >= 0) this.queue.splice(i, 1);
        reject(abortReason(signal!));
      };
      this.queue.push(entry);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  give(): void {
    this.used--;
    if (this.used < this.max) this.queue.shift()?.grant();
  }
}

/** Wraps a release so that calling it twice frees once (CallPermit.release is idempotent). */
export function once(release: () => void): { release(): void } {
  let done = false;
  return {
    release() {
      if (done) return;
      done = true;
      release();
    },
  };
}

/**
 * A signal that aborts with the reason of whichever of `a` or `b` aborts first; dispose() removes the
 * listeners (AbortSignal.any keeps sources referenced longer than one wait needs on Node 20).
 */
export function eitherSignal(a: AbortSignal | undefined, b: AbortSignal): { signal: AbortSignal; dispose(): void } {
  const both = new AbortController();
  const fromA = () => both.abort(a!.reason);
  const fromB = () => both.abort(b.reason);
  if (a?.aborted) both.abort(a.reason);
  else if (b.aborted) both.abort(b.reason);
  a?.addEventListener('abort', fromA, { once: true });
  b.addEventListener('abort', fromB, { once: true });
  return {
    signal: both.signal,
    dispose() {
      a?.removeEventListener('abort', fromA);
      b.removeEventListener('abort', fromB);
    },
  };
}
