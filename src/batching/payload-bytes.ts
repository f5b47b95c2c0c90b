import type { PreparedImage } from '../images/prepared-image.js';

/** What an image adds to a call's body: base64 characters for bytes, the URL's length for a URL. */
export function payloadBytes(image: PreparedImage): number {
  return image.kind === 'bytes' ? image.base64Length : image.url.length;
}
