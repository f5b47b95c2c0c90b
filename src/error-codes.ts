/**
 * The one list of stable error codes. Every user-facing failure carries one of these as
 * `extensions.code`; clients may switch on them, so values never change meaning.
 */
export enum ErrorCode {
  // Request shape (the whole field or operation fails)
  BAD_USER_INPUT = 'BAD_USER_INPUT',
  EMPTY_IMAGE_LIST = 'EMPTY_IMAGE_LIST',
  TOO_MANY_IMAGES = 'TOO_MANY_IMAGES',
  INVALID_IMAGE_INPUT = 'INVALID_IMAGE_INPUT',
  INVALID_PREDICT_OPTIONS = 'INVALID_PREDICT_OPTIONS',
  QUERY_TOO_DEEP = 'QUERY_TOO_DEEP',
  TOO_MANY_PREDICT_FIELDS = 'TOO_MANY_PREDICT_FIELDS',
  CSRF_PREFLIGHT_REQUIRED = 'CSRF_PREFLIGHT_REQUIRED',
  PAYLOAD_TOO_LARGE = 'PAYLOAD_TOO_LARGE',
  TOO_MANY_FILES = 'TOO_MANY_FILES',
  MALFORMED_MULTIPART = 'MALFORMED_MULTIPART',
  INVALID_CREDENTIAL_HEADER = 'INVALID_CREDENTIAL_HEADER',
  OVERLOADED = 'OVERLOADED',

  // One image (its item is null, the others go on)
  INVALID_BASE64 = 'INVALID_BASE64',
  INVALID_URL = 'INVALID_URL',
  EMPTY_IMAGE = 'EMPTY_IMAGE',
  UNSUPPORTED_IMAGE_FORMAT = 'UNSUPPORTED_IMAGE_FORMAT',
  CORRUPT_IMAGE = 'CORRUPT_IMAGE',
  IMAGE_TOO_LARGE = 'IMAGE_TOO_LARGE',
  IMAGE_TOO_MANY_PIXELS = 'IMAGE_TOO_MANY_PIXELS',
  IMAGE_DOWNLOAD_FAILED = 'IMAGE_DOWNLOAD_FAILED',
  IMAGE_REJECTED = 'IMAGE_REJECTED',

  // Model / backend
  MODEL_NOT_FOUND = 'MODEL_NOT_FOUND',
  MODEL_INVALID_ARGUMENT = 'MODEL_INVALID_ARGUMENT',
  MODEL_UNAVAILABLE = 'MODEL_UNAVAILABLE',
  CLARIFAI_NOT_CONFIGURED = 'CLARIFAI_NOT_CONFIGURED',
  LOCAL_BACKEND_UNAVAILABLE = 'LOCAL_BACKEND_UNAVAILABLE',
  PREDICTION_FAILED = 'PREDICTION_FAILED',

  // Upstream (Clarifai), after retries where retrying makes sense
  UPSTREAM_UNAUTHENTICATED = 'UPSTREAM_UNAUTHENTICATED',
  UPSTREAM_PERMISSION_DENIED = 'UPSTREAM_PERMISSION_DENIED',
  UPSTREAM_QUOTA_EXCEEDED = 'UPSTREAM_QUOTA_EXCEEDED',
  UPSTREAM_THROTTLED = 'UPSTREAM_THROTTLED',
  UPSTREAM_UNAVAILABLE = 'UPSTREAM_UNAVAILABLE',
  UPSTREAM_TIMEOUT = 'UPSTREAM_TIMEOUT',
  UPSTREAM_BAD_RESPONSE = 'UPSTREAM_BAD_RESPONSE',
  UPSTREAM_REQUEST_REJECTED = 'UPSTREAM_REQUEST_REJECTED',

  // Time: the operation's deadline passed, or its caller went away, before the image was answered
  DEADLINE_EXCEEDED = 'DEADLINE_EXCEEDED',
  CANCELLED = 'CANCELLED',
  INVALID_REQUEST_TIMEOUT = 'INVALID_REQUEST_TIMEOUT',

  // Who calls: authentication, model permissions, quotas
  UNAUTHENTICATED = 'UNAUTHENTICATED',
  FORBIDDEN = 'FORBIDDEN',
  AUTH_UNAVAILABLE = 'AUTH_UNAVAILABLE',
  QUOTA_EXCEEDED = 'QUOTA_EXCEEDED',

  INTERNAL_SERVER_ERROR = 'INTERNAL_SERVER_ERROR',
}

/** What Clarifai said about an image, kept with its error so clients can see it. */
export interface UpstreamStatus {
  code: number;
  description: string;
  details?: string;
}

/**
 * A failure of one image (or of every image of one upstream call). Backends return these as values,
 * never throw them, so one bad image cannot fail its neighbours in a batch.
 */
export class ImageError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly upstream?: UpstreamStatus,
    /** When retrying makes sense, how long to wait first (an open circuit breaker). */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = 'ImageError';
  }
}
