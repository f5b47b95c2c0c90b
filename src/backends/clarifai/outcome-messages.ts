import { ErrorCode, ImageError, type UpstreamStatus } from '../../error-codes.js';
import { errorCodeFor } from './status-codes.js';

/** What the caller can do about each failure; Clarifai's own words follow in the message. */
const HINTS: Partial<Record<ErrorCode, string>> = {
  [ErrorCode.UPSTREAM_UNAUTHENTICATED]: 'Clarifai refused the credential: check CLARIFAI_PAT (or the PAT sent as Authorization: Key …)',
  [ErrorCode.UPSTREAM_PERMISSION_DENIED]: 'the PAT lacks a scope this model needs (Predict, Models_Get, Concepts_Get, Apps_Get)',
  [ErrorCode.UPSTREAM_QUOTA_EXCEEDED]: "the Clarifai account's quota or plan limit is reached",
  [ErrorCode.UPSTREAM_THROTTLED]: 'Clarifai kept throttling after retries; try again later or raise the account rate limit',
  [ErrorCode.UPSTREAM_UNAVAILABLE]: 'Clarifai was unavailable after retries; try again later',
  [ErrorCode.UPSTREAM_TIMEOUT]: 'Clarifai did not answer in time after retries; try again later',
  [ErrorCode.UPSTREAM_BAD_RESPONSE]: 'Clarifai sent a response that could not be read',
  [ErrorCode.UPSTREAM_REQUEST_REJECTED]: 'Clarifai rejected the request',
  [ErrorCode.MODEL_NOT_FOUND]: 'no such model: check modelId, modelVersionId, userId and appId (public models live in user "clarifai", app "main")',
  [ErrorCode.MODEL_INVALID_ARGUMENT]: 'the model rejected the options: check selectConcepts against its vocabulary',
  [ErrorCode.MODEL_UNAVAILABLE]: 'the model is not ready to predict (deploying, loading or busy)',
  [ErrorCode.PREDICTION_FAILED]: 'the model failed on this image',
  [ErrorCode.IMAGE_DOWNLOAD_FAILED]: 'Clarifai could not download the image: check that the URL is public and points to an image',
  [ErrorCode.UNSUPPORTED_IMAGE_FORMAT]: 'Clarifai does not support this image format (use JPEG, PNG, GIF, WebP, TIFF or BMP)',
  [ErrorCode.IMAGE_TOO_LARGE]: 'the image is over the upstream size limit (20 MB, 85 megapixels)',
  [ErrorCode.INVALID_URL]: 'Clarifai refused the URL',
  [ErrorCode.CORRUPT_IMAGE]: 'Clarifai could not decode the image bytes',
  [ErrorCode.IMAGE_REJECTED]: 'Clarifai rejected this image',
};

export function upstreamError(status: UpstreamStatus, code: ErrorCode = errorCodeFor(status.code)): ImageError {
  const said = `Clarifai status ${status.code}${status.description ? ` ${status.description}` : ''}`;
  const details = status.details ? `: ${status.details}` : '';
  return new ImageError(code, `${HINTS[code] ?? 'Clarifai refused the image'} (${said}${details}).`, status);
}

export function transportError(kind: 'timeout' | 'network' | 'cancelled', message: string): ImageError {
  if (kind === 'cancelled') return new ImageError(ErrorCode.CANCELLED, `The call was abandoned (${message}).`);
  const code = kind === 'timeout' ? ErrorCode.UPSTREAM_TIMEOUT : ErrorCode.UPSTREAM_UNAVAILABLE;
  return new ImageError(code, `${HINTS[code]} (${message}).`);
}

export function badResponseError(httpStatus: number, why: string): ImageError {
  return new ImageError(ErrorCode.UPSTREAM_BAD_RESPONSE, `${HINTS[ErrorCode.UPSTREAM_BAD_RESPONSE]} (HTTP ${httpStatus}: ${why}).`);
}

/** The circuit breaker is open: Clarifai failed call after call, so new images fail at once instead of waiting. */
export function breakerOpenError(retryAfterMs: number): ImageError {
  const seconds = Math.ceil(retryAfterMs / 1000);
  return new ImageError(
    ErrorCode.UPSTREAM_UNAVAILABLE,
    `Clarifai failed or timed out on several calls in a row, so calls are paused (circuit breaker open); retry in ${seconds} s.`,
    undefined,
    seconds,
  );
}

/** What was tried for an image before its callers' deadline left no time for another attempt. */
export function deadlineError(progress: { attempts: number; lastFailure: string | undefined }): ImageError {
  const tried =
    progress.attempts === 0
      ? 'it was still waiting to be sent to Clarifai'
      : `${progress.attempts} attempt${progress.attempts === 1 ? '' : 's'} to Clarifai failed${progress.lastFailure ? `, the last with: ${progress.lastFailure}` : ''}`;
  return new ImageError(ErrorCode.DEADLINE_EXCEEDED, `No answer within the request's deadline: ${tried}.`);
}
