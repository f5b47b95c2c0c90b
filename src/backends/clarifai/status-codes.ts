import { ErrorCode } from '../../error-codes.js';

/** Clarifai status codes this service acts on (clarifai-api.md §4). */
export const Status = {
  SUCCESS: 10000,
  MIXED_STATUS: 10010,
  FAILURE: 10020,
  TRY_AGAIN: 10030,
  CONN_THROTTLED: 11005,
  MODEL_DEPLOYING: 21351,
  MODEL_BUSY_PLEASE_RETRY: 21354,
  MODEL_LOADING: 21355,
  RPC_REQUEST_QUEUE_FULL: 40030,
  RPC_SERVER_UNAVAILABLE: 40031,
  RPC_REQUEST_TIMEOUT: 40032,
} as const;

/** Codes worth sending again: the model or the platform is momentarily unable, not the input wrong. */
const TRANSIENT = new Set<number>([
  Status.TRY_AGAIN,
  Status.CONN_THROTTLED,
  Status.MODEL_DEPLOYING,
  Status.MODEL_BUSY_PLEASE_RETRY,
  Status.MODEL_LOADING,
  Status.RPC_REQUEST_QUEUE_FULL,
  Status.RPC_SERVER_UNAVAILABLE,
  Status.RPC_REQUEST_TIMEOUT,
  98009, // INTERNAL_UNEXPECTED_TIMEOUT
  98014, // INTERNAL_RESOURCE_EXHAUSTED
]);

/** The docs' rate-limit page shows the code as a string; REST bodies carry numbers. Accept both. */
const NAMED: Record<string, number> = { CONN_THROTTLED: 11005, SUCCESS: 10000, MIXED_STATUS: 10010, FAILURE: 10020 };

export function statusNumber(code: unknown): number | undefined {
  if (typeof code === 'number' && Number.isInteger(code)) return code;
  if (typeof code === 'string') return NAMED[code] ?? (/^\d+$/.test(code) ? Number(code) : undefined);
  return undefined;
}

export function isTransientStatus(code: number): boolean {
  return TRANSIENT.has(code);
}

const EXACT: Record<number, ErrorCode> = {
  11000: ErrorCode.UPSTREAM_QUOTA_EXCEEDED,
  11003: ErrorCode.UPSTREAM_QUOTA_EXCEEDED,
  11004: ErrorCode.UPSTREAM_QUOTA_EXCEEDED,
  11006: ErrorCode.UPSTREAM_QUOTA_EXCEEDED,
  11005: ErrorCode.UPSTREAM_THROTTLED,
  11007: ErrorCode.UPSTREAM_PERMISSION_DENIED,
  21201: ErrorCode.UPSTREAM_PERMISSION_DENIED,
  30103: ErrorCode.UPSTREAM_PERMISSION_DENIED,
  21200: ErrorCode.MODEL_NOT_FOUND,
  21202: ErrorCode.MODEL_INVALID_ARGUMENT,
  21313: ErrorCode.PREDICTION_FAILED,
  30002: ErrorCode.IMAGE_DOWNLOAD_FAILED,
  39996: ErrorCode.IMAGE_DOWNLOAD_FAILED,
  30101: ErrorCode.UNSUPPORTED_IMAGE_FORMAT,
  30105: ErrorCode.IMAGE_TOO_LARGE,
  30106: ErrorCode.INVALID_URL,
  30300: ErrorCode.CORRUPT_IMAGE,
  40032: ErrorCode.UPSTREAM_TIMEOUT,
  98009: ErrorCode.UPSTREAM_TIMEOUT,
};

const AUTH = new Set([11001, 11002, 11008, 11009, 11102, 11200]);

/** Maps a failing Clarifai status to our stable code. */
export function errorCodeFor(code: number): ErrorCode {
  const exact = EXACT[code];
  if (exact) return exact;
  if (AUTH.has(code)) return ErrorCode.UPSTREAM_UNAUTHENTICATED;
  if (code >= 21100 && code < 21400) return ErrorCode.MODEL_UNAVAILABLE;
  if (code >= 30000 && code < 40000) return ErrorCode.IMAGE_REJECTED;
  if (isTransientStatus(code) || code >= 98000) return ErrorCode.UPSTREAM_UNAVAILABLE;
  return ErrorCode.UPSTREAM_REQUEST_REJECTED;
}
