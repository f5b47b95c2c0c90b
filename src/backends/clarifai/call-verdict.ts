import type { CallVerdict } from '../circuit-breaker.js';
import type { TransportFailure, UpstreamResponse } from './http-client.js';
import { Status, statusNumber } from './status-codes.js';

const MODEL_NOT_READY = new Set<number>([Status.MODEL_DEPLOYING, Status.MODEL_BUSY_PLEASE_RETRY, Status.MODEL_LOADING]);

/**
 * What one attempt says about the health of the account's upstream and of the model, for their circuit
 * breakers. Any readable answer shows the platform alive; a whole call refused because the model is not
 * ready is the model's failure, not the platform's. Throttles are neutral: alive, just busy.
 */
export function callVerdicts(res: UpstreamResponse | TransportFailure): { platform: CallVerdict; model: CallVerdict } {
  if ('kind' in res) {
    if (res.kind === 'cancelled') return { platform: 'neutral', model: 'neutral' };
    return { platform: res.kind === 'timeout' ? 'timeout' : 'failure', model: 'neutral' };
  }
  const top = statusNumber((res.json as { status?: { code?: unknown } } | undefined)?.status?.code);
  if (res.httpStatus === 429 || top === Status.CONN_THROTTLED) return { platform: 'neutral', model: 'neutral' };
  if (top !== undefined && MODEL_NOT_READY.has(top)) return { platform: 'success', model: 'failure' };
  if (res.httpStatus >= 500 || res.json === undefined) return { platform: 'failure', model: 'neutral' };
  return { platform: 'success', model: 'success' };
}
