import type { QuotaObserver, QuotaTicket } from './types.js';

/** What a store does when a ticket is committed or released; both must never throw. */
export interface TicketSink {
  commit(id: string, k: number): void;
  release(id: string): void;
}

/**
 * The caller-facing half of a reservation. It caps commits at the reserved count and makes release
 * idempotent, so the stores only ever see sane numbers, once.
 */
export class Ticket implements QuotaTicket {
  #committed = 0;
  #released = false;

  constructor(
    readonly id: string,
    readonly images: number,
    private readonly sink: TicketSink,
  ) {}

  get committed(): number {
    return this.#committed;
  }

  commit(k: number): void {
    if (this.#released) return;
    const n = Math.min(Math.floor(Number.isFinite(k) ? k : 0), this.images - this.#committed);
    if (n <= 0) return;
    this.#committed += n;
    this.sink.commit(this.id, n);
  }

  release(): void {
    if (this.#released) return;
    this.#released = true;
    if (this.#committed < this.images) this.sink.release(this.id);
  }
}

/** For n = 0: nothing is held, so nothing needs telling. */
export const EMPTY_TICKET: QuotaTicket = Object.freeze({ id: 'empty', images: 0, commit: () => undefined, release: () => undefined });

/**
 * The ticket a caller gets from `Quotas`: metrics see commits and releases here, synchronously and whatever
 * the store (a commit that Redis never hears of was still an image sent).
 */
export function observedTicket(t: Ticket, callerKey: string, observer: QuotaObserver): QuotaTicket {
  let released = false;
  return {
    id: t.id,
    images: t.images,
    commit(k: number) {
      const before = t.committed;
      t.commit(k);
      if (t.committed > before) observer.sent?.(callerKey, t.committed - before);
    },
    release() {
      if (released) return;
      released = true;
      const left = t.images - t.committed;
      t.release();
      if (left > 0) observer.returned?.(callerKey, left, 'released');
    },
  };
}
