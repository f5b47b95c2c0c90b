import { setTimeout as sleep } from 'node:timers/promises';
import { credentialFingerprint } from '../../credential-fingerprint.js';
import { ErrorCode, ImageError } from '../../error-codes.js';
import type { Logger } from '../../logger.js';
import type { ImageOutcome, PredictBackend, PredictCall } from '../predict-backend.js';
import { absorbResponse } from './absorb-response.js';
import { ClarifaiHttpClient } from './http-client.js';
import { outputsPath, requestBody } from './request-body.js';
import { backoffMs, type RetrySettings } from './retry-policy.js';
import { UpstreamGate, type GateLimits } from './upstream-gate.js';

const GATE_SWEEP_AT = 256;

export interface ClarifaiBackendOptions {
  baseUrl: string;
  timeoutMs: number;
  limits: GateLimits;
  retry: RetrySettings;
  maxImagesPerCall: number;
  maxBytesPerCall: number;
  /** Explains what to do when a call has no credential (e.g. which local models exist). */
  missingCredentialMessage?: string;
  /** Gets one debug line per HTTP attempt (never the PAT: only the path, counts and status). */
  logger?: Pick<Logger, 'debug'>;
}

/** Clarifai's REST v2 `outputs` endpoint, with per-credential rate limiting and retry of failed images only. */
export class ClarifaiBackend implements PredictBackend {
  readonly name = 'clarifai';
  readonly maxImagesPerCall: number;
  readonly maxBytesPerCall: number;
  private readonly http: ClarifaiHttpClient;
  private readonly gates = new Map<string, UpstreamGate>();

  constructor(private readonly options: ClarifaiBackendOptions) {
    this.maxImagesPerCall = options.maxImagesPerCall;
    this.maxBytesPerCall = options.maxBytesPerCall;
    this.http = new ClarifaiHttpClient({
      baseUrl: options.baseUrl,
      timeoutMs: options.timeoutMs,
      connections: options.limits.maxInFlight,
    });
  }

  capacityFor(credential: string | undefined): UpstreamGate {
    const key = credential ? credentialFingerprint(credential) : '';
    let gate = this.gates.get(key);
    if (!gate) {
      // One gate per caller PAT ever seen would grow without end; idle ones carry no state worth keeping.
      // Swept only when many exist: a batch group may still hold a dropped gate as its capacity signal
      // (harmless, since every attempt acquires the current gate, but it makes batches less full).
      if (this.gates.size >= GATE_SWEEP_AT) for (const [k, g] of this.gates) if (g.idle) this.gates.delete(k);
      gate = new UpstreamGate(this.options.limits);
      this.gates.set(key, gate);
    }
    return gate;
  }


  async predict(call: PredictCall): Promise<ImageOutcome[]> {
    const pat = call.credential;
    if (!pat) {
      const message = this.options.missingCredentialMessage ?? 'No Clarifai PAT is configured: set CLARIFAI_PAT.';
      return call.images.map(() => new ImageError(ErrorCode.CLARIFAI_NOT_CONFIGURED, message));
    }
    const gate = this.capacityFor(pat);
    const path = outputsPath(call.model);
    const outcomes = new Array<ImageOutcome | undefined>(call.images.length).fill(undefined);
    let pending = call.images.map((_, i) => i);

    for (let attempt = 0; pending.length > 0; attempt++) {
      await gate.acquire();
      let res;
      try {
        res = await this.http.post(path, pat, requestBody(pending.map((i) => call.images[i]!), call.options));
      } finally {
        gate.release();
      }
      const result = absorbResponse(res, pending.length);
      const retry: number[] = [];
      // A Retry-After beyond our longest backoff means the caller is better served by an error now.
      const giveUp = attempt >= this.options.retry.maxRetries || (result.retryAfterMs ?? 0) > this.options.retry.maxMs;
      pending.forEach((imageIndex, position) => {
        const final = result.final[position];
        if (final) outcomes[imageIndex] = final;
        else if (giveUp) outcomes[imageIndex] = result.retryError[position];
        else retry.push(imageIndex);
      });
      this.options.logger?.debug(
        { path, attempt, images: pending.length, status: 'kind' in res ? res.kind : res.httpStatus, retrying: retry.length },
        'clarifai call',
      );
      if (retry.length === 0) break;
      const wait = Math.max(backoffMs(attempt, this.options.retry), result.retryAfterMs ?? 0);
      if (result.throttled) gate.pause(wait);
      await sleep(wait);
      pending = retry;
    }
    return outcomes.map((o) => o ?? new ImageError(ErrorCode.INTERNAL_SERVER_ERROR, 'no outcome was produced'));
  }

  close(): Promise<void> {
    return this.http.close();
  }
}
