import { ErrorCode, ImageError } from '../error-codes.js';
import type { ImageSource } from './image-source.js';
import { decodeBase64 } from './decode-base64.js';
import { prepareBytes } from './prepare-bytes.js';
import type { PreparedImage, PreparedUrlImage } from './prepared-image.js';
import { readUpload } from './read-upload.js';
import { prepareUrl } from './validate-url.js';

export interface ImageLimits {
  maxBytes: number;
  maxPixels: number;
  autoOrient: boolean;
}

/** Upper bound of the bytes an input holds in memory once prepared; URLs hold none. */
export function estimateInputBytes(input: ImageSource, limits: ImageLimits): number {
  if (typeof input.base64 === 'string') return Math.min(Math.ceil((input.base64.length * 3) / 4), limits.maxBytes);
  if (input.file) return limits.maxBytes;
  return 0;
}

/** Which of url, base64 and file the input sets (exactly one is valid). */
function fieldsSet(input: ImageSource): Array<'url' | 'base64' | 'file'> {
  return (['url', 'base64', 'file'] as const).filter((k) => input[k] !== undefined && input[k] !== null);
}

/**
 * A URL input (and nothing else) checked and normalised, at once: what prepareInput would answer for it.
 * Undefined for any other input, prepareInput's to read or refuse.
 */
export function prepareUrlInput(input: ImageSource): PreparedUrlImage | ImageError | undefined {
  const set = fieldsSet(input);
  return set.length === 1 && set[0] === 'url' && typeof input.url === 'string' ? prepareUrl(input.url) : undefined;
}

/** One ImageInput → an image ready for a backend, or this image's error (never a throw). */
export async function prepareInput(input: ImageSource, limits: ImageLimits): Promise<PreparedImage | ImageError> {
  const set = fieldsSet(input);
  // graphql-js enforces @oneOf, but a federated router drops the directive (dependencies.md §10).
  if (set.length !== 1) {
    return new ImageError(ErrorCode.INVALID_IMAGE_INPUT, `Set exactly one of url, base64 or file (got ${set.length ? set.join(' and ') : 'none'}).`);
  }
  if (typeof input.url === 'string') return prepareUrl(input.url);
  const bytes = typeof input.base64 === 'string' ? decodeBase64(input.base64) : await readUpload(input.file!, limits.maxBytes);
  if (bytes instanceof ImageError) return bytes;
  return prepareBytes(bytes, limits);
}
