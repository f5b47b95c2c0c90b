import { credentialFingerprint } from '../../credential-fingerprint.js';
import { ErrorCode, ImageError } from '../../error-codes.js';
import type { Logger } from '../../logger.js';
import type { CallPermit, Limiter, LimiterFactory } from '../../limiter/limiter.js';
import { CircuitBreaker, type BreakerSettings, type BreakerState } from '../circuit-breaker.js';
import type { ImageOutcome, ModelRef, PredictBackend, PredictCall } from '../predict-backend.js';
import { breakerOpenError } from './outcome-messages.js';
import { ClarifaiHttpClient } from './http-client.js';
import { runAttempts, type AttemptSettings, type WaitingCounter } from './run-attempts.js';

const SWEEP_AT = 256;

export interface ClarifaiBackendOptions {
  baseUrl: string;
  attempts: AttemptSettings;
  /** Builds the limiter of one credential (in-process, or shared through Redis). */
  limiters: LimiterFactory;
  maxInFlight: number;
  breaker: BreakerSettings;
  maxImagesPerCall: number;
  maxBytesPerCall: number;
  /** Explains what to do when a call has no credential (e.g. which local models exist). */
  missingCredentialMessage?: string;
  /** Gets one debug line per HTTP attempt and a line per breaker change (never the PAT: a fingerprint). */
  logger?: Pick<Logger, 'debug' | 'warn' | 'info'>;
  /** Counts images waiting for a retry, so admission and the queue metric see them. */
  waiting?: WaitingCounter;
  onBreakerChange?(key: string, state: BreakerState): void;
}

/**
 * Clarifai's REST v2 `outputs` endpoint: one limiter and one circuit breaker per credential (a breaker
 * per model too, for failures that are the model's), retry of failed images only, within their deadlines.
 */
export class ClarifaiBackend implements PredictBackend {
  readonly name = 'clarifai';
  readonly billable = true;
  readonly maxImagesPerCall: number;
  readonly maxBytesPerCall: number;
  private readonly http: ClarifaiHttpClient;
  private readonly limiters = new Map<string, Limiter>();
  private readonly breakers = new Map<string, CircuitBreaker>();

  constructor(private readonly options: ClarifaiBackendOptions) {
    this.maxImagesPerCall = options.maxImagesPerCall;
    this.maxBytesPerCall = options.maxBytesPerCall;
    this.http = new ClarifaiHttpClient({ baseUrl: options.baseUrl, connections: options.maxInFlight });
  }

  limiterFor(credential: string | undefined): Limiter {
    const key = credential ? credentialFingerprint(credential) : '';
    let limiter = this.limiters.get(key);
    if (!limiter) {
      // One limiter per caller PAT ever seen would grow without end; idle ones carry no state worth keeping.
      if (this.limiters.size >= SWEEP_AT) for (const [k, l] of this.limiters) if (l.idle) this.limiters.delete(k);
      limiter = this.options.limiters(key);
      this.limiters.set(key, limiter);
    }
    return limiter;
  }

  refuse(credential: string | undefined, model: ModelRef): ImageError | undefined {
    if (!credential) return undefined;
    for (const breaker of [this.breaker(credential), this.breaker(credential, model)]) {
      const retryAfterMs = breaker.refusal();
      if (retryAfterMs !== undefined) return breakerOpenError(retryAfterMs);
    }
    return undefined;
  }

  async predict(call: PredictCall, permit: CallPermit): Promise<ImageOutcome[]> {
    const pat = call.credential;
    if (!pat) {
      permit.release();
      const message = this.options.missingCredentialMessage ?? 'No Clarifai PAT is configured: set CLARIFAI_PAT.';
      return call.images.map(() => new ImageError(ErrorCode.CLARIFAI_NOT_CONFIGURED, message));
    }
    return runAttempts(call, permit, {
      http: this.http,
      pat,
      limiter: this.limiterFor(pat),
      platform: this.breaker(pat),
      model: this.breaker(pat, call.model),
      settings: this.options.attempts,
      logger: this.options.logger,
      waiting: this.options.waiting,
    });
  }

  close(): Promise<void> {
    return this.http.close();
  }

  private breaker(pat: string, model?: ModelRef): CircuitBreaker {
    const fp = credentialFingerprint(pat);
    const key = model ? `${fp}/${model.userId}/${model.appId}/${model.modelId}` : fp;
    let breaker = this.breakers.get(key);
    if (!breaker) {
      if (this.breakers.size >= SWEEP_AT) for (const [k, b] of this.breakers) if (b.current === 'closed') this.breakers.delete(k);
      breaker = new CircuitBreaker(this.options.breaker, (state) => {
        this.options.logger?.warn({ breaker: key, state }, state === 'open' ? 'circuit breaker opened' : `circuit breaker ${state}`);
        this.options.onBreakerChange?.(key, state);
      });
      this.breakers.set(key, breaker);
    }
    return breaker;
  }
}
