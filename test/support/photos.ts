import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { base64LengthOf, type ImageFormat, type PreparedBytesImage } from '../../src/images/prepared-image.js';

const PHOTOS = new URL('../fixtures/photos/', import.meta.url);

/** Bytes as the image-preparation step would hand them to a backend. */
export function preparedBytes(bytes: Buffer, format: ImageFormat = 'jpeg'): PreparedBytesImage {
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  return {
    kind: 'bytes',
    key: sha256,
    sha256,
    format,
    bytes,
    byteLength: bytes.byteLength,
    base64Length: base64LengthOf(bytes.byteLength),
  };
}

/** One of the darknet sample photos in test/fixtures/photos (see LICENSE.md there). */
export function photo(name: 'dog' | 'eagle' | 'horses' | 'person' | 'giraffe'): PreparedBytesImage {
  return preparedBytes(readFileSync(new URL(`${name}.jpg`, PHOTOS)));
}
