import { setTimeout as sleep } from 'node:timers/promises';
import { ErrorCode, ImageError } from '../../error-codes.js';
import type { Logger } from '../../logger.js';
import type { CallPermit, Limiter } from '../../limiter/limiter.js';
import { callTelemetry } from '../../telemetry/call-telemetry.js';
import { allAborted } from '../../util/all-aborted.js';
import type { CircuitBreaker } from '../circuit-breaker.js';
import type { ImageInterest, ImageOutcome, PredictCall } from '../predict-backend.js';
import { absorbResponse } from './absorb-response.js';
import { callVerdicts } from './call-verdict.js';
import type { ClarifaiHttpClient } from './http-client.js';
import { breakerOpenError, deadlineError } from './outcome-messages.js';
import { outputsPath, requestBody } from './request-body.js';
import { backoffMs, type RetrySettings } from './retry-policy.js';

export interface AttemptSettings extends RetrySettings {
  /** Longest one attempt may take (UPSTREAM_TIMEOUT_MS); shorter when the callers' deadline is nearer. */
  timeoutMs: number;
  /** A retry starts only if at least this much time is left after its backoff (else: DEADLINE_EXCEEDED). */
  minAttemptMs: number;
}

export interface WaitingCounter {
  add(n: number): void;
}

export interface AttemptDeps {
  http: ClarifaiHttpClient;
  pat: string;
  limiter: Limiter;
  platform: CircuitBreaker;
  model: CircuitBreaker;
  settings: AttemptSettings;
  logger?: Pick<Logger, 'debug'> | undefined;
  waiting?: WaitingCounter | undefined;
}

/**
 * Sends a call's images and retries the ones that failed transiently, each attempt under its own permit
 * (the first comes with the call), through both circuit breakers, within the images' deadlines. Images
 * nobody waits for any more are never sent again; retries that could not finish in time never start.
 */
export async function runAttempts(call: PredictCall, firstPermit: CallPermit, deps: AttemptDeps): Promise<ImageOutcome[]> {
  const { settings } = deps;
  const path = outputsPath(call.model);
  const outcomes = new Array<ImageOutcome | undefined>(call.images.length).fill(undefined);
  const settle = (i: number, outcome: ImageOutcome) => (outcomes[i] = outcome);
  let pending = call.images.map((_, i) => i);
  let permit: CallPermit | undefined = firstPermit;

  for (let attempt = 0; ; attempt++) {
    pending = pending.filter((i) => call.interests[i]!.live || !settle(i, goneError(call.interests[i]!)));
    if (pending.length === 0) break;
    const interests = pending.map((i) => call.interests[i]!);
    const gone = allAborted(interests.map((x) => x.signal));
    if (!permit) permit = await waitForPermit(deps, pending.length, gone);
    if (!permit && gone.aborted) continue; // everyone left while waiting: the filter above answers them
    if (!permit) throw new Error('the limiter refused a permit without an abort');
    const passage = pickPassage(deps);
    if (!passage.pass) {
      permit.release();
      for (const i of pending) settle(i, breakerOpenError(passage.retryAfterMs));
      break;
    }
    const deadline = Math.max(...interests.map((x) => x.deadline));
    const timeoutMs = Math.max(1, Math.min(settings.timeoutMs, deadline - Date.now()));
    // telemetry: one span and one duration sample per HTTP attempt (ended below, once its outcome is known)
    const attemptTelemetry = callTelemetry(call)?.attempt(attempt, pending.length);
    const body = requestBody(
      pending.map((i) => call.images[i]!),
      call.options,
    );
    const posting = deps.http.post(path, deps.pat, body, { timeoutMs, signal: gone });
    permit.sent?.();
    let res;
    try {
      res = await posting;
    } finally {
      permit.release();
      permit = undefined;
    }
    const verdicts = callVerdicts(res);
    const cancelled = 'kind' in res && res.kind === 'cancelled';
    // Abandoned because every caller's deadline passed: the upstream did not answer in the time there was.
    const deadlineCut = cancelled && interests.some((x) => isDeadline(x));
    deps.platform.record(deadlineCut ? 'timeout' : verdicts.platform, { probe: passage.probe === 'platform', startedAt: passage.startedAt });
    deps.model.record(verdicts.model, { probe: passage.probe === 'model', startedAt: passage.startedAt });
    const status = 'kind' in res ? res.kind : String(res.httpStatus);
    if (cancelled) attemptTelemetry?.done(status);
    if (cancelled) continue; // the filter answers every image with its caller's reason

    const result = absorbResponse(res, pending.length);
    const retry: number[] = [];
    // A Retry-After beyond our longest backoff means the caller is better served by an error now.
    const giveUp = attempt >= settings.maxRetries || (result.retryAfterMs ?? 0) > settings.maxMs;
    const wait = Math.max(backoffMs(attempt, settings), result.retryAfterMs ?? 0);
    const startBy = Date.now() + wait + settings.minAttemptMs;
    pending.forEach((imageIndex, position) => {
      const final = result.final[position];
      const interest = call.interests[imageIndex]!;
      interest.attempts = attempt + 1;
      if (final) return settle(imageIndex, final);
      const failure = result.retryError[position]!;
      interest.lastFailure = failure.message;
      if (giveUp) settle(imageIndex, failure);
      else if (interest.deadline < startBy) settle(imageIndex, deadlineError(interest));
      else retry.push(imageIndex);
    });
    attemptTelemetry?.done(status, result.throttled, retry.length);
    deps.logger?.debug(
      { path, attempt, images: pending.length, status: 'kind' in res ? res.kind : res.httpStatus, retrying: retry.length },
      'clarifai call',
    );
    if (retry.length === 0) break;
    if (result.throttled) deps.limiter.pause(wait);
    deps.waiting?.add(retry.length);
    await sleep(wait, undefined, { signal: allAborted(retry.map((i) => call.interests[i]!.signal)) }).catch(() => undefined);
    deps.waiting?.add(-retry.length);
    pending = retry;
  }
  return outcomes.map((o) => o ?? new ImageError(ErrorCode.INTERNAL_SERVER_ERROR, 'no outcome was produced'));
}

/** A retry's permit; images waiting for it count as waiting. Undefined when every caller left first. */
async function waitForPermit(deps: AttemptDeps, images: number, gone: AbortSignal): Promise<CallPermit | undefined> {
  deps.waiting?.add(images);
  try {
    return await deps.limiter.acquire(gone);
  } catch {
    return undefined;
  } finally {
    deps.waiting?.add(-images);
  }
}

type Picked = { pass: true; probe: 'platform' | 'model' | undefined; startedAt: number } | { pass: false; retryAfterMs: number };

/** Through the account's breaker, then the model's; a probe the model's breaker stops is handed back. */
function pickPassage(deps: AttemptDeps): Picked {
  const platform = deps.platform.passage();
  if (!platform.pass) return platform;
  const model = deps.model.passage();
  if (!model.pass) {
    if (platform.probe) deps.platform.record('neutral', platform);
    return model;
  }
  return { pass: true, probe: platform.probe ? 'platform' : model.probe ? 'model' : undefined, startedAt: platform.startedAt };
}

function isDeadline(interest: ImageInterest): boolean {
  const reason: unknown = interest.signal.reason;
  return reason instanceof ImageError && reason.code === ErrorCode.DEADLINE_EXCEEDED;
}

function goneError(interest: ImageInterest): ImageError {
  const reason: unknown = interest.signal.reason;
  if (reason instanceof ImageError && reason.code === ErrorCode.DEADLINE_EXCEEDED) return deadlineError(interest);
  return reason instanceof ImageError ? reason : new ImageError(ErrorCode.CANCELLED, 'The caller went away.');
}
