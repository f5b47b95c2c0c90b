import type { CancelSignal } from '../util/cancellation.js';

/**
 * What travels with every image of one operation, from the entry point (a resolver, later a job worker)
 * through the batcher to the backend: whose credential pays, when nobody wants the answer any more (the
 * caller went away, or its deadline passed), and which trace it belongs to.
 */
export interface RequestContext {
  /** The Clarifai credential: the caller's own PAT when allowed, else the server's. */
  credential: string | undefined;
  /** Aborts when the caller has gone or the deadline has passed; `signal.reason` is the ImageError to report. */
  signal: CancelSignal;
  /** Epoch ms by which the answer must have left. */
  deadline: number;
  /** Who asks, as `kind:id` (quotas, fair shares, logs); `anonymous:anonymous` while authentication is off. */
  callerId?: string;
  /** The caller's share of the upstream against other callers (1 when unset). */
  weight?: number;
  /** The caller's image quotas (its key entry or token, else the server's defaults); undefined: unlimited. */
  quota?: { imagesPerMinute?: number; imagesPerDay?: number };
  /**
   * What was tried for each image (by PreparedImage.key), written by the backend as attempts fail, so an
   * answer cut by the deadline can say so at once, whatever is still running below.
   */
  progress?: Map<string, ImageProgress>;
  /** Told as the batcher hands this operation's images to a billed upstream call (per-caller quota). */
  onSent?(images: number): void;
  /** The W3C trace context of the operation, for spans that link to it. */
  trace?: unknown;
}

/** Milliseconds until the context's deadline (never negative). */
export function timeLeft(ctx: Pick<RequestContext, 'deadline'>, now = Date.now()): number {
  return Math.max(0, ctx.deadline - now);
}

export interface ImageProgress {
  attempts: number;
  lastFailure: string | undefined;
}
