import { ErrorCode, ImageError } from '../error-codes.js';

/*
 * Strict on purpose: Buffer.from(s, 'base64') skips any character it does not know and stops at a
 * stray '=', so a damaged string would otherwise become a damaged image with a confusing error later.
 *
 * Accepted: the RFC 4648 standard alphabet OR the base64url alphabet (never both in one string,
 * which points to two strings glued together), with or without '=' padding, with spaces, tabs and
 * line breaks anywhere (the `base64` CLI wraps at 76 columns), and an optional
 * `data:image/<type>[;param=value...];base64,` prefix. base64url is accepted because it is
 * unambiguous ('-' and '_' mean nothing else) and browsers/JWT tooling commonly produce it.
 *
 * Speed (27 MB of text): one scan by a single-character-class regex (linear, cannot backtrack),
 * whitespace counted with indexOf, decoding native. ~30 ms unwrapped, ~60 ms wrapped at 76 columns.
 */

const DATA_URL_PREFIX = /^data:image\/[a-z0-9.+-]+(?:;[a-z0-9.+-]+=[^;,]*)*;base64,/i;
const NOT_ALPHABET = /[^A-Za-z0-9+/\-_=]/;
const NOT_ALPHABET_OR_SPACE = /[^A-Za-z0-9+/\-_=\t\n\r ]/;
const ONLY_PADDING = /^[=\t\n\r ]*$/;

function invalid(message: string): ImageError {
  return new ImageError(ErrorCode.INVALID_BASE64, message);
}

function count(text: string, char: string, from = 0): number {
  let n = 0;
  for (let i = text.indexOf(char, from); i !== -1; i = text.indexOf(char, i + 1)) n++;
  return n;
}

function describeChar(ch: string): string {
  const code = ch.codePointAt(0) ?? 0;
  const hex = code.toString(16).toUpperCase().padStart(4, '0');
  return code >= 0x20 && code < 0x7f ? `'${ch}' (U+${hex})` : `U+${hex}`;
}

/** Decodes an image sent as base64 text, or says precisely what is wrong with the text. */
export function decodeBase64(input: string): Buffer | ImageError {
  let start = 0;
  if (/^data:/i.test(input)) {
    const prefix = DATA_URL_PREFIX.exec(input);
    if (!prefix) {
      return invalid('a data URL must look like data:image/<type>;base64,<data>');
    }
    start = prefix[0].length;
  }
  const body = start === 0 ? input : input.slice(start);

  let spaces = 0;
  if (NOT_ALPHABET.test(body)) {
    const bad = NOT_ALPHABET_OR_SPACE.exec(body);
    if (bad) {
      return invalid(`invalid character ${describeChar(bad[0])} at position ${start + bad.index}`);
    }
    // Counted, not stripped: Buffer.from skips whitespace itself, and counting is ~10x cheaper than replace().
    spaces = count(body, '\n') + count(body, '\r') + count(body, ' ') + count(body, '\t');
  }

  const padAt = body.indexOf('=');
  let padding = 0;
  if (padAt !== -1) {
    if (!ONLY_PADDING.test(body.slice(padAt))) {
      return invalid(`'=' at position ${start + padAt} is followed by more data: padding belongs at the very end`);
    }
    padding = count(body, '=', padAt);
  }
  const dataLength = body.length - spaces - padding;
  if (dataLength === 0) {
    return padding === 0 ? new ImageError(ErrorCode.EMPTY_IMAGE, 'the base64 image is empty') : invalid('the base64 text is only padding');
  }
  if (padding > 2) return invalid(`${padding} '=' found at the end; padding is at most two`);
  if (padding > 0 && (dataLength + padding) % 4 !== 0) {
    return invalid(`padded base64 must be a multiple of 4 characters long, got ${dataLength + padding} (without whitespace)`);
  }
  if (dataLength % 4 === 1) {
    return invalid(`${dataLength} base64 characters cannot encode whole bytes (one is left over): truncated?`);
  }

  const standard = body.includes('+') || body.includes('/');
  const urlSafe = body.includes('-') || body.includes('_');
  if (standard && urlSafe) {
    return invalid("mixes the standard ('+', '/') and base64url ('-', '_') alphabets");
  }
  return Buffer.from(body, 'base64');
}
