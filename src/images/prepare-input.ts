import { createHash } from 'node:crypto';
import { ErrorCode, ImageError } from '../error-codes.js';
import type { ImageInput } from '../generated/resolvers-types.js';
import { base64LengthOf, type PreparedImage } from './prepared-image.js';
import { readUpload } from './read-upload.js';

export interface ImageLimits {
  maxBytes: number;
  maxPixels: number;
  autoOrient: boolean;
}

export function estimateInputBytes(input: ImageInput, limits: ImageLimits): number {
  if (input.base64) return Math.ceil((input.base64.length * 3) / 4);
  if (input.file) return limits.maxBytes;
  return 0;
}

// TEMPORARY minimal preparation; replaced by the image-prep module (sniffing, sharp, EXIF).
export async function prepareInput(input: ImageInput, limits: ImageLimits): Promise<PreparedImage | ImageError> {
  const keys = Object.entries(input).filter(([, v]) => v !== undefined && v !== null);
  if (keys.length !== 1) {
    return new ImageError(ErrorCode.INVALID_IMAGE_INPUT, 'Set exactly one of url, base64 or file.');
  }
  if (input.url !== undefined && input.url !== null) {
    let url: URL;
    try {
      url = new URL(input.url);
    } catch {
      return new ImageError(ErrorCode.INVALID_URL, 'url is not an absolute URL.');
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return new ImageError(ErrorCode.INVALID_URL, 'url must be http or https.');
    return { kind: 'url', key: url.href, url: input.url };
  }
  let bytes: Buffer;
  if (input.file) {
    const read = await readUpload(input.file, limits.maxBytes);
    if (read instanceof ImageError) return read;
    bytes = read;
  } else {
    const b64 = input.base64!;
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(b64) || b64.length % 4 === 1) return new ImageError(ErrorCode.INVALID_BASE64, 'base64 is not valid base64.');
    bytes = Buffer.from(b64, 'base64');
  }
  if (bytes.length === 0) return new ImageError(ErrorCode.EMPTY_IMAGE, 'The image is empty.');
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  return { kind: 'bytes', key: sha256, sha256, format: 'jpeg', bytes, byteLength: bytes.length, base64Length: base64LengthOf(bytes.length) };
}
