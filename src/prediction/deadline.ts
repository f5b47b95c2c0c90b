import { ErrorCode, ImageError } from '../error-codes.js';

/**
 * An operation's lifetime: one AbortController that aborts when the caller disconnects or the deadline
 * passes, with an ImageError as its reason so every image still waiting can report why it stopped.
 */
export interface OperationLifetime {
  signal: AbortSignal;
  deadline: number;
  /** The caller has gone: images not yet sent are dropped (nobody reads their answers). */
  cancel(): void;
  /** Clears the deadline timer once the operation has answered. */
  dispose(): void;
}

/**
 * The answer must *leave* before the caller's deadline, so the service stops waiting a little earlier:
 * 5 % of the time, at most 250 ms, enough to serialise and send the response.
 */
export function responseMarginMs(timeoutMs: number): number {
  return Math.min(250, Math.floor(timeoutMs * 0.05));
}

export function operationLifetime(timeoutMs: number, now = Date.now()): OperationLifetime {
  const controller = new AbortController();
  const waitMs = timeoutMs - responseMarginMs(timeoutMs);
  const deadline = now + waitMs;
  const timer = setTimeout(() => {
    controller.abort(
      new ImageError(ErrorCode.DEADLINE_EXCEEDED, `No answer within the request's deadline of ${timeoutMs} ms (REQUEST_TIMEOUT_MS, or a shorter x-request-timeout-ms).`),
    );
  }, waitMs);
  timer.unref();
  return {
    signal: controller.signal,
    deadline,
    cancel: () => controller.abort(new ImageError(ErrorCode.CANCELLED, 'The caller went away before the answer was ready.')),
    dispose: () => clearTimeout(timer),
  };
}
