import type { RequestContext } from '../prediction/request-context.js';

/**
 * Who still wants one image's answer. Identical images asked for by several operations travel once, so
 * one upstream image may serve many request contexts: it is worth sending (or retrying) while any of them
 * is alive, until the latest of their deadlines, and an in-flight call may be abandoned once all have gone.
 */
export class Interest {
  private readonly contexts: RequestContext[] = [];
  private readonly controller = new AbortController();
  /** Attempts made upstream so far and the last failure, for a DEADLINE_EXCEEDED message that says what was tried. */
  attempts = 0;
  lastFailure: string | undefined;

  constructor(first: RequestContext) {
    this.add(first);
  }

  add(ctx: RequestContext): void {
    this.contexts.push(ctx);
    ctx.signal.addEventListener('abort', () => this.check(), { once: true });
  }

  get live(): boolean {
    return this.contexts.some((c) => !c.signal.aborted);
  }

  /** The latest deadline of the contexts still alive (0 when none is). */
  get deadline(): number {
    let latest = 0;
    for (const c of this.contexts) if (!c.signal.aborted && c.deadline > latest) latest = c.deadline;
    return latest;
  }

  /** Aborts once every context has gone. */
  get signal(): AbortSignal {
    return this.controller.signal;
  }

  get requests(): readonly RequestContext[] {
    return this.contexts;
  }

  private check(): void {
    if (!this.live && !this.controller.signal.aborted) this.controller.abort(this.contexts[0]?.signal.reason);
  }
}
