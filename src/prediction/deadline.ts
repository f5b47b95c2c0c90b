import { ErrorCode, ImageError } from '../error-codes.js';
import { Cancellation, type CancelSignal } from '../util/cancellation.js';
import type { ImageProgress } from './request-context.js';

/**
 * An operation's lifetime: one cancellation that aborts when the caller disconnects or the deadline
 * passes, with an ImageError as its reason so every image still waiting can report why it stopped.
 */
export interface OperationLifetime {
  signal: CancelSignal;
  deadline: number;
  /** The caller has gone: images not yet sent are dropped (nobody reads their answers). */
  cancel(): void;
  /** Clears the deadline timer once the operation has answered. */
  dispose(): void;
}

/**
 * The answer must *leave* before the caller's deadline, so the service stops waiting a little earlier:
 * 10 % of the time, between 50 and 500 ms, enough to serialise and send the response from a loaded
 * event loop (measured: 40-80 ms from the abort to the client's last byte with 64 other requests waiting,
 * up to 340 ms on this 2-core machine with four test processes beside the service).
 */
export function responseMarginMs(timeoutMs: number): number {
  return Math.min(500, Math.max(50, Math.floor(timeoutMs * 0.1)), Math.floor(timeoutMs / 2));
}

export function operationLifetime(timeoutMs: number, now = Date.now()): OperationLifetime {
  const controller = new Cancellation();
  const waitMs = timeoutMs - responseMarginMs(timeoutMs);
  const deadline = now + waitMs;
  const delay = Math.max(0, deadline - Date.now());
  const timer = setTimeout(() => {
    controller.abort(
      new ImageError(
        ErrorCode.DEADLINE_EXCEEDED,
        `No answer within the request's deadline of ${timeoutMs} ms (REQUEST_TIMEOUT_MS, or a shorter x-request-timeout-ms).`,
      ),
    );
  }, delay);
  timer.unref();
  return {
    signal: controller.signal,
    deadline,
    cancel: () => controller.abort(new ImageError(ErrorCode.CANCELLED, 'The caller went away before the answer was ready.')),
    dispose: () => clearTimeout(timer),
  };
}

/**
 * The error of an image the operation stopped waiting for: its context's reason, and for a deadline what was
 * tried (from RequestContext.progress: the attempts upstream so far, else that it had not been sent yet).
 */
export function stoppedError(reason: unknown, progress: ImageProgress | undefined): ImageError {
  if (!(reason instanceof ImageError)) return new ImageError(ErrorCode.CANCELLED, 'The operation stopped before this image was answered.');
  if (reason.code !== ErrorCode.DEADLINE_EXCEEDED) return reason;
  const tried =
    progress && progress.attempts > 0
      ? `${progress.attempts} attempt${progress.attempts === 1 ? '' : 's'} upstream failed${progress.lastFailure ? `, the last with: ${progress.lastFailure}` : ''}.`
      : 'The image had not been sent yet: it was still queued for an upstream call (rate limit, or calls in flight) or being prepared.';
  return new ImageError(ErrorCode.DEADLINE_EXCEEDED, `${reason.message} ${tried}`);
}
