/** Image formats Clarifai accepts (sniffed from magic bytes, never trusted from a name or MIME type). */
export type ImageFormat = 'jpeg' | 'png' | 'gif' | 'webp' | 'tiff' | 'bmp';

/**
 * An image ready for a backend. `key` is its identity within a group (normalised URL or sha256 of the
 * bytes): identical images in one upstream call are sent once and share the result.
 */
export type PreparedImage = PreparedUrlImage | PreparedBytesImage;

export interface PreparedUrlImage {
  kind: 'url';
  key: string;
  url: string;
}

export interface PreparedBytesImage {
  kind: 'bytes';
  key: string;
  sha256: string;
  format: ImageFormat;
  /** The bytes that go upstream (already upright when the input had an EXIF orientation). */
  bytes: Buffer;
  byteLength: number;
  /** Number of base64 characters these bytes become in a JSON body. */
  base64Length: number;
}

export function base64LengthOf(byteLength: number): number {
  return Math.ceil(byteLength / 3) * 4;
}
