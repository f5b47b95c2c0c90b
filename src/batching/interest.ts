import { Cancellation, type CancelSignal } from '../util/cancellation.js';
import type { ImageProgress, RequestContext } from '../prediction/request-context.js';

/**
 * Who still wants one image's answer. Identical images asked for by several operations travel once, so
 * one upstream image may serve many request contexts: it is worth sending (or retrying) while any of them
 * is alive, until the latest of their deadlines, and an in-flight call may be abandoned once all have gone.
 */
export class Interest {
  private readonly contexts: RequestContext[] = [];
  private readonly controller = new Cancellation();
  private tried: ImageProgress = { attempts: 0, lastFailure: undefined };

  constructor(
    first: RequestContext,
    private readonly imageKey: string,
  ) {
    this.add(first);
  }

  /** Attempts made upstream so far and the last failure, for a DEADLINE_EXCEEDED message that says what was tried. */
  get attempts(): number {
    return this.tried.attempts;
  }

  set attempts(n: number) {
    this.tried = { ...this.tried, attempts: n };
    this.report();
  }

  get lastFailure(): string | undefined {
    return this.tried.lastFailure;
  }

  set lastFailure(message: string | undefined) {
    this.tried = { ...this.tried, lastFailure: message };
    this.report();
  }

  /** Every operation waiting on the image can tell, the moment its deadline passes, what was tried. */
  private report(): void {
    for (const c of this.contexts) c.progress?.set(this.imageKey, this.tried);
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
  get signal(): CancelSignal {
    return this.controller.signal;
  }

  get requests(): readonly RequestContext[] {
    return this.contexts;
  }

  private check(): void {
    if (!this.live && !this.controller.signal.aborted) this.controller.abort(this.contexts[0]?.signal.reason);
  }
}
