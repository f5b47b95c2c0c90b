import { ErrorCode, ImageError } from '../error-codes.js';
import type { PreparedUrlImage } from './prepared-image.js';

export const MAX_URL_LENGTH = 2048;

/*
 * Which string goes upstream: the caller's own (trimmed) string whenever it is already a clean
 * RFC 3986 URI, because re-serialising can alter a signed URL (e.g. WHATWG encodes ' in queries)
 * and break its signature. Only a string with characters that are illegal on the wire (spaces,
 * non-ASCII, backslashes...) is replaced by the WHATWG serialisation, which percent-encodes them
 * exactly as a browser would. Signed URLs are always clean, so they are never touched.
 *
 * The key (identity for de-duplication) is the WHATWG href without its fragment: scheme and host
 * lowercased, default port dropped; the fragment never reaches the server, so it cannot make two
 * URLs different images.
 */

const URI_CHARS = /^[A-Za-z0-9\-._~:/?#[\]@!$&'()*+,;=%]*$/;
const SCHEME = /^([a-z][a-z0-9+.-]*):/i;

const NO_CREDENTIALS = 'the URL must not contain credentials (user:password@); use a signed URL instead';

function invalid(message: string): ImageError {
  return new ImageError(ErrorCode.INVALID_URL, message);
}

export function prepareUrl(raw: string): PreparedUrlImage | ImageError {
  const text = raw.trim();
  if (text.length === 0) return invalid('the URL is empty');
  if (text.length > MAX_URL_LENGTH) {
    return invalid(`the URL is ${text.length} characters long; the limit is ${MAX_URL_LENGTH}`);
  }

  const scheme = SCHEME.exec(text)?.[1]?.toLowerCase();
  // "www.example.com:8080/a.jpg" also matches SCHEME, but is a missing scheme, not a wrong one.
  if (scheme === undefined || scheme.includes('.')) {
    return invalid('the URL must be absolute and start with http:// or https://');
  }
  if (scheme !== 'http' && scheme !== 'https') {
    return invalid(`only http and https URLs are accepted, not ${scheme}:`);
  }
  // WHATWG would quietly read "http:/x" or "http:///x" as http://x/; insist on the real shape.
  if (!text.slice(scheme.length + 1).startsWith('//')) {
    return invalid(`the URL must start with ${scheme}:// followed by a host`);
  }
  const authority = text.slice(scheme.length + 3).split(/[/?#\\]/, 1)[0] ?? '';
  if (authority === '') return invalid('the URL has no host');
  if (authority.includes('@')) return invalid(NO_CREDENTIALS);

  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return invalid('the URL cannot be parsed (malformed host, port or percent-encoding?)');
  }
  if (url.username !== '' || url.password !== '') return invalid(NO_CREDENTIALS);
  if (url.hostname === '') return invalid('the URL has no host');

  const href = url.href;
  if (href.length > MAX_URL_LENGTH) {
    return invalid(`the URL is ${href.length} characters long once percent-encoded; the limit is ${MAX_URL_LENGTH}`);
  }
  url.hash = '';
  return { kind: 'url', key: url.href, url: URI_CHARS.test(text) ? text : href };
}
