/**
 * Capacity as an explicit permit. A call to an upstream may start only while it holds a permit from the
 * limiter of its credential; the permit is released when the call has ended (its in-flight slot frees).
 *
 * `acquire` is a reservation, not a yes/no: it may answer at once, or later, when the slot it reserved
 * comes (an in-process window, or a GCRA script on a shared Redis). The batcher asks for a permit *before*
 * a batch closes and keeps filling that batch while it waits ("slot-then-fill"), so whether the answer is
 * synchronous or asynchronous changes nothing about how full batches are or what counts as waiting.
 */
export interface CallPermit {
  /** Ends the call's hold on the limiter (its in-flight slot). Idempotent. */
  release(): void;
  /**
   * The call's request has just been handed to the transport. A shared limiter counts the call from this
   * moment rather than from when it was allowed to start: a replica whose event loop stalls between the two
   * (a long GC, a burst of responses, the OS scheduling another process) would otherwise send a call that
   * the account's window believes left earlier, next to calls that other replicas send a second after it.
   */
  sent?(): void;
}

export interface Limiter {
  /**
   * Resolves with a permit once a call may start. Rejects with the signal's reason when `signal` aborts
   * first; a reservation given up that way is returned where the implementation can.
   */
  acquire(signal?: AbortSignal): Promise<CallPermit>;
  /** After a throttle: no call starts for `ms` from now (every replica, for a shared limiter). */
  pause(ms: number): void;
  /** Permit requests not yet answered. */
  readonly waiting: number;
  /** Holds no state worth keeping (nothing in flight, waiting or remembered): may be dropped and rebuilt. */
  readonly idle: boolean;
}

/** One limiter per credential fingerprint ('' for no credential); implementations decide what is shared. */
export type LimiterFactory = (credentialKey: string) => Limiter;
