export { decodeBase64 } from './decode-base64.js';
export { DEFAULT_MAX_BYTES, DEFAULT_MAX_PIXELS, prepareBytes, type PrepareBytesOptions } from './prepare-bytes.js';
export { base64LengthOf, type ImageFormat, type PreparedBytesImage, type PreparedImage, type PreparedUrlImage } from './prepared-image.js';
export { ACCEPTED_FORMATS, sniffFormat } from './sniff-format.js';
export { MAX_URL_LENGTH, prepareUrl } from './validate-url.js';
