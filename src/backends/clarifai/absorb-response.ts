import { ImageError } from '../../error-codes.js';
import type { ImageOutcome } from '../predict-backend.js';
import type { TransportFailure, UpstreamResponse } from './http-client.js';
import { badResponseError, transportError, upstreamError } from './outcome-messages.js';
import { parseResponse } from './parse-response.js';
import { parseRetryAfter } from './retry-policy.js';
import { Status, isTransientStatus } from './status-codes.js';

/** What one HTTP attempt means for each image it carried. */
export interface AttemptResult {
  /** Final outcome per position of the attempt; undefined where the image should be sent again. */
  final: Array<ImageOutcome | undefined>;
  /** The error to report for a position that is retried but runs out of attempts. */
  retryError: Array<ImageError | undefined>;
  throttled: boolean;
  retryAfterMs?: number;
}

/**
 * Turns one attempt's response into per-image results. Successes are final (never sent, nor billed,
 * again); per-image transient codes and whole-call transient failures mark images for another try.
 */
export function absorbResponse(res: UpstreamResponse | TransportFailure, count: number): AttemptResult {
  const final = new Array<ImageOutcome | undefined>(count).fill(undefined);
  const retryError = new Array<ImageError | undefined>(count).fill(undefined);
  if ('kind' in res) return { final, retryError: retryError.fill(transportError(res.kind, res.message)), throttled: false };

  const parsed = parseResponse(res.json, count);
  const top = parsed.status;
  const retryAfterMs = parseRetryAfter(res.retryAfter);
  // A 429 that names a quota (hourly/monthly limit) is not a throttle: waiting seconds will not fix it.
  const throttled = top?.code === Status.CONN_THROTTLED || (res.httpStatus === 429 && (top === undefined || isTransientStatus(top.code)));
  const wholeTransient = throttled || res.httpStatus >= 500 || (top !== undefined && isTransientStatus(top.code));

  for (let i = 0; i < count; i++) {
    const out = parsed.outputs[i];
    if (out?.ok) final[i] = out.prediction;
    else if (out && !isTransientStatus(out.status.code)) final[i] = upstreamError(out.status);
    else if (out) retryError[i] = upstreamError(out.status);
    else if (wholeTransient) retryError[i] = top ? upstreamError(top) : badResponseError(res.httpStatus, 'no status');
    else if (top && top.code !== Status.SUCCESS && top.code !== Status.MIXED_STATUS) {
      final[i] = upstreamError(top);
    } else {
      // A readable call that lost this image's output (or an unreadable body): safe to send again.
      retryError[i] = badResponseError(res.httpStatus, res.json === undefined ? 'body is not JSON' : 'no output for this input');
    }
  }
  return { final, retryError, throttled, ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) };
}
