import { webcrypto } from 'node:crypto';
import sharp from 'sharp';
import { ErrorCode, ImageError } from '../error-codes.js';
import { readBmpHeader } from './bmp-header.js';
import { findTruncation } from './find-truncation.js';
import { orientUpright } from './orient-upright.js';
import { base64LengthOf, type ImageFormat, type PreparedBytesImage } from './prepared-image.js';
import { ACCEPTED_FORMATS, sniffFormat } from './sniff-format.js';

export const DEFAULT_MAX_BYTES = 20 * 1024 * 1024;
export const DEFAULT_MAX_PIXELS = 85_000_000;

export interface PrepareBytesOptions {
  maxBytes: number;
  maxPixels: number;
  /** Make EXIF-rotated images upright before sending them (models ignore EXIF). */
  autoOrient: boolean;
}

interface Header {
  width: number;
  /** Of the first page/frame: that is all a model looks at. */
  height: number;
  orientation: number | undefined;
}

/**
 * Checks uploaded bytes and makes them ready for a backend. Never throws: every failure is an
 * ImageError value. Cheap checks run first and nothing is decoded before the pixel count (read from
 * the header) is known to be acceptable: that ordering is the decompression-bomb defence.
 */
export async function prepareBytes(buf: Buffer, options: Partial<PrepareBytesOptions> = {}): Promise<PreparedBytesImage | ImageError> {
  const { maxBytes = DEFAULT_MAX_BYTES, maxPixels = DEFAULT_MAX_PIXELS, autoOrient = true } = options;
  try {
    if (buf.length === 0) return new ImageError(ErrorCode.EMPTY_IMAGE, 'the image is empty (0 bytes)');
    if (buf.length > maxBytes) return tooLarge(buf.length, maxBytes, '');

    const format = sniffFormat(buf);
    if (!format) {
      return new ImageError(
        ErrorCode.UNSUPPORTED_IMAGE_FORMAT,
        `not a supported image format; accepted: ${ACCEPTED_FORMATS.map((f) => f.toUpperCase()).join(', ')}`,
      );
    }

    const header = await readHeader(buf, format);
    if (header instanceof ImageError) return header;
    const pixels = header.width * header.height;
    if (pixels > maxPixels) {
      return new ImageError(
        ErrorCode.IMAGE_TOO_MANY_PIXELS,
        `the image is ${header.width}x${header.height} = ${pixels.toLocaleString('en-US')} pixels; the limit is ${maxPixels.toLocaleString('en-US')}`,
      );
    }

    const truncation = findTruncation(buf, format);
    if (truncation) return new ImageError(ErrorCode.CORRUPT_IMAGE, `the image is cut short: ${truncation}`);

    let bytes = buf;
    let sentFormat = format;
    // Only the 7 real non-upright values: a broken tag (0, 9...) is ignored by viewers, so are we.
    const rotated = header.orientation !== undefined && header.orientation >= 2 && header.orientation <= 8;
    if (autoOrient && rotated) {
      try {
        ({ bytes, format: sentFormat } = await orientUpright(buf, format, maxPixels));
      } catch (err) {
        return new ImageError(ErrorCode.CORRUPT_IMAGE, `the image cannot be decoded: ${firstLine(err)}`);
      }
      if (bytes.length > maxBytes) return tooLarge(bytes.length, maxBytes, ' once turned upright and re-encoded');
    }

    const sha256 = await sha256Hex(bytes);
    return {
      kind: 'bytes',
      key: sha256,
      sha256,
      format: sentFormat,
      bytes,
      byteLength: bytes.length,
      base64Length: base64LengthOf(bytes.length),
    };
  } catch (err) {
    return new ImageError(ErrorCode.INTERNAL_SERVER_ERROR, `image preparation failed unexpectedly: ${firstLine(err)}`);
  }
}

/** Header fields only: sharp's metadata() reads no pixel data. BMP is parsed by hand (no libvips loader). */
async function readHeader(buf: Buffer, format: ImageFormat): Promise<Header | ImageError> {
  if (format === 'bmp') {
    const bmp = readBmpHeader(buf)!; // sniffFormat only says 'bmp' when this parses
    return { width: bmp.width, height: bmp.height, orientation: undefined };
  }
  try {
    // No limit here: the header tells the size without decoding, and our own check reports it better.
    const meta = await sharp(buf, { limitInputPixels: false }).metadata();
    return { width: meta.width, height: meta.pageHeight ?? meta.height, orientation: meta.orientation };
  } catch (err) {
    return new ImageError(ErrorCode.CORRUPT_IMAGE, `the image header cannot be read: ${firstLine(err)}`);
  }
}

function tooLarge(size: number, limit: number, when: string): ImageError {
  return new ImageError(
    ErrorCode.IMAGE_TOO_LARGE,
    `the image is ${size.toLocaleString('en-US')} bytes${when}; the limit is ${limit.toLocaleString('en-US')} bytes`,
  );
}

function firstLine(err: unknown): string {
  return (err instanceof Error ? err.message : String(err)).split('\n', 1)[0] ?? '';
}

// WebCrypto hashes on the libuv pool: hashing 20 MB synchronously would block the event loop ~50 ms.
async function sha256Hex(bytes: Buffer): Promise<string> {
  const digest = await webcrypto.subtle.digest('SHA-256', bytes);
  return Buffer.from(digest).toString('hex');
}
