import { Cancellation, type CancelSignal } from '../util/cancellation.js';

const LAST_SHARER_GRACE_MS = 20;

interface Flight<T> {
  promise: Promise<T>;
  controller: Cancellation;
  sharers: number;
}

export interface Shared<T> {
  value: T;
  /** True when this caller joined a computation another caller had started. */
  joined: boolean;
}

/**
 * Singleflight: callers asking for the same key while a computation runs share it.
 *
 * Contract:
 * - `compute` gets a signal of its own, tied to no caller: it aborts only when every sharer has gone
 *   (each sharer's own `signal` aborted), with the last one's reason. One caller giving up never fails the others.
 * - A sharer whose signal aborts is rejected at once with its signal's reason; the others keep waiting.
 *   The last one gets the aborted computation's own outcome instead, if that comes within a few ms.
 * - The outcome (value or rejection) goes to every sharer still there; then the key is free, so the
 *   next caller starts afresh: nothing, failures included, is remembered here.
 */
export class InFlight<T> {
  readonly #flights = new Map<string, Flight<T>>();

  get size(): number {
    return this.#flights.size;
  }

  run(key: string, compute: (signal: CancelSignal) => Promise<T>, signal?: CancelSignal): Promise<Shared<T>> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    let flight = this.#flights.get(key);
    const joined = flight !== undefined;
    if (!flight) flight = this.#start(key, compute);
    const f = flight;
    f.sharers++;
    return new Promise<Shared<T>>((resolve, reject) => {
      let done = false;
      const onAbort = () => {
        if (done) return;
        done = true;
        if (!this.#leave(key, f, signal!.reason)) return reject(signal!.reason);
        // The last sharer: the computation was just aborted for it and usually says at once what it had
        // done (still queued, N attempts...), which tells the caller more than its own abort reason.
        const timer = setTimeout(() => reject(signal!.reason), LAST_SHARER_GRACE_MS);
        f.promise.then(
          (value) => (clearTimeout(timer), resolve({ value, joined })),
          (err: unknown) => (clearTimeout(timer), reject(err)),
        );
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      f.promise.then(
        (value) => {
          signal?.removeEventListener('abort', onAbort);
          if (!done) resolve({ value, joined });
          done = true;
        },
        (err: unknown) => {
          signal?.removeEventListener('abort', onAbort);
          if (!done) reject(err);
          done = true;
        },
      );
    });
  }

  #start(key: string, compute: (signal: CancelSignal) => Promise<T>): Flight<T> {
    const controller = new Cancellation();
    // new Promise so a compute that throws synchronously becomes a rejection shared like any other.
    const promise = new Promise<T>((resolve) => resolve(compute(controller.signal)));
    const flight: Flight<T> = { promise, controller, sharers: 0 };
    this.#flights.set(key, flight);
    // Registered before any sharer's handlers, so the key is free by the time a sharer reacts.
    const release = () => {
      if (this.#flights.get(key) === flight) this.#flights.delete(key);
    };
    promise.then(release, release);
    return flight;
  }

  /**
   * The last sharer's reason becomes the computation's: a deadline stays a deadline for what runs below.
   * True when it was the last sharer (the computation is aborted).
   */
  #leave(key: string, flight: Flight<T>, reason: unknown): boolean {
    flight.sharers--;
    if (flight.sharers > 0) return false;
    if (this.#flights.get(key) === flight) this.#flights.delete(key);
    flight.controller.abort(reason ?? new DOMException('every caller sharing this computation went away', 'AbortError'));
    return true;
  }
}
