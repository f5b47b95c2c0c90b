import { describe, expect, it } from '@jest/globals';
import { errorCodeFor, isTransientStatus, statusNumber } from '../../../src/backends/clarifai/status-codes.js';
import { backoffMs, parseRetryAfter } from '../../../src/backends/clarifai/retry-policy.js';
import { ErrorCode } from '../../../src/error-codes.js';

describe('Clarifai status mapping', () => {
  it.each([11005, 21351, 21354, 21355, 40030, 40031, 40032, 10030])('%i is transient', (code) => {
    expect(isTransientStatus(code)).toBe(true);
  });

  it.each([
    [11008, ErrorCode.UPSTREAM_UNAUTHENTICATED],
    [11009, ErrorCode.UPSTREAM_UNAUTHENTICATED],
    [11102, ErrorCode.UPSTREAM_UNAUTHENTICATED],
    [11007, ErrorCode.UPSTREAM_PERMISSION_DENIED],
    [11004, ErrorCode.UPSTREAM_QUOTA_EXCEEDED],
    [21200, ErrorCode.MODEL_NOT_FOUND],
    [21202, ErrorCode.MODEL_INVALID_ARGUMENT],
    [21353, ErrorCode.MODEL_UNAVAILABLE],
    [30002, ErrorCode.IMAGE_DOWNLOAD_FAILED],
    [39996, ErrorCode.IMAGE_DOWNLOAD_FAILED],
    [30101, ErrorCode.UNSUPPORTED_IMAGE_FORMAT],
    [30105, ErrorCode.IMAGE_TOO_LARGE],
    [30300, ErrorCode.CORRUPT_IMAGE],
    [30104, ErrorCode.IMAGE_REJECTED],
    [11100, ErrorCode.UPSTREAM_REQUEST_REJECTED],
    [40033, ErrorCode.UPSTREAM_REQUEST_REJECTED],
  ])('%i maps to %s and is not retried', (code, expected) => {
    expect(errorCodeFor(code)).toBe(expected);
    expect(isTransientStatus(code)).toBe(false);
  });

  it('accepts numeric and named codes', () => {
    expect(statusNumber(10010)).toBe(10010);
    expect(statusNumber('CONN_THROTTLED')).toBe(11005);
    expect(statusNumber('21200')).toBe(21200);
    expect(statusNumber('nope')).toBeUndefined();
    expect(statusNumber(1.5)).toBeUndefined();
  });
});

describe('retry timing', () => {
  const s = { maxRetries: 5, baseMs: 100, maxMs: 1000 };
  it('backs off exponentially with jitter, capped', () => {
    expect(backoffMs(0, s, () => 0)).toBe(50);
    expect(backoffMs(0, s, () => 1)).toBe(100);
    expect(backoffMs(3, s, () => 1)).toBe(800);
    expect(backoffMs(10, s, () => 1)).toBe(1000);
  });
  it('reads Retry-After in seconds or as a date', () => {
    expect(parseRetryAfter('2')).toBe(2000);
    expect(parseRetryAfter('0.5')).toBe(500);
    expect(parseRetryAfter(new Date(10_000).toUTCString(), 4_000)).toBe(6000);
    expect(parseRetryAfter('soon')).toBeUndefined();
    expect(parseRetryAfter(undefined)).toBeUndefined();
  });
});
