import { describe, expect, it } from '@jest/globals';
import { ErrorCode, ImageError } from '../../src/error-codes.js';
import { decodeBase64 } from '../../src/images/index.js';

const bytes = Buffer.from([0x00, 0xff, 0xfe, 0x10, 0x20, 0x30, 0x40, 0xfb, 0xef]);

function decoded(input: string): Buffer {
  const out = decodeBase64(input);
  if (out instanceof ImageError) throw new Error(`unexpected ${out.code}: ${out.message}`);
  return out;
}

function failure(input: string): ImageError {
  const out = decodeBase64(input);
  if (!(out instanceof ImageError)) throw new Error(`expected an error for ${JSON.stringify(input)}`);
  return out;
}

describe('decodeBase64 accepts', () => {
  it.each([1, 2, 3, 8, 9])('standard base64 of %i bytes, padded and unpadded', (n) => {
    const slice = bytes.subarray(0, n);
    const padded = slice.toString('base64');
    expect(decoded(padded)).toEqual(slice);
    expect(decoded(padded.replace(/=+$/, ''))).toEqual(slice);
  });

  it('base64url', () => {
    const url = bytes.toString('base64url');
    expect(url).toMatch(/[-_]/);
    expect(decoded(url)).toEqual(bytes);
  });

  it('a data: URL prefix, with parameters and in any case', () => {
    const b64 = bytes.toString('base64');
    expect(decoded(`data:image/png;base64,${b64}`)).toEqual(bytes);
    expect(decoded(`DATA:image/svg+xml;charset=utf-8;base64,${b64}`)).toEqual(bytes);
  });

  it('line breaks and spaces as the base64 CLI and e-mail produce them', () => {
    const big = Buffer.from(Array.from({ length: 300 }, (_, i) => (i * 37) % 256));
    const wrapped = big.toString('base64').replace(/.{76}/g, '$&\n') + '\n';
    expect(decoded(wrapped)).toEqual(big);
    expect(decoded(big.toString('base64').replace(/.{64}/g, '$&\r\n  \t'))).toEqual(big);
    expect(decoded(' QQ\n=\r\n=\n')).toEqual(Buffer.from('A'));
  });
});

describe('decodeBase64 rejects', () => {
  it.each([
    ['a character outside both alphabets', 'AAAA*AAA', "'*'", 'position 4'],
    ['a non-ASCII character', 'AAAAé', 'U+00E9', 'position 4'],
    ['a control character', 'AA\u0000A', 'U+0000', 'position 2'],
    ['garbage after a data URL prefix, counting the prefix', 'data:image/png;base64,AA.A', "'.'", 'position 24'],
  ])('%s, naming it and its position', (_name, input, what, where) => {
    const err = failure(input);
    expect(err.code).toBe(ErrorCode.INVALID_BASE64);
    expect(err.message).toContain(what);
    expect(err.message).toContain(where);
  });

  it.each([
    ['a length that leaves one character over', 'AAAAA', /one is left over/],
    ['padding on a wrong length', 'AAAAA==', /multiple of 4/],
    ['three padding characters', 'AA===', /at most two/],
    ['padding in the middle', 'AA==AAAA', /position 2/],
    ['padding only', '====', /only padding/],
    ['padding only, with whitespace', ' = \n= ', /only padding/],
    ['padding only (two)', '==', /only padding/],
    ['mixed alphabets', 'ab+_', /mixes/],
    ['a data URL that is not an image', 'data:text/plain;base64,AAAA', /data:image/],
    ['a data URL that is not base64', 'data:image/png,AAAA', /data:image/],
  ])('%s', (_name, input, message) => {
    const err = failure(input);
    expect(err.code).toBe(ErrorCode.INVALID_BASE64);
    expect(err.message).toMatch(message);
  });

  it.each([
    ['an empty string', ''],
    ['only whitespace', ' \n\t\r\n'],
    ['a data URL with no data', 'data:image/jpeg;base64,'],
  ])('%s as EMPTY_IMAGE', (_name, input) => {
    expect(failure(input).code).toBe(ErrorCode.EMPTY_IMAGE);
  });
});

describe('decodeBase64 speed', () => {
  it('handles a ~27 MB string (20 MB image) in well under a second, wrapped or not', () => {
    const big = Buffer.alloc(20 * 1024 * 1024);
    for (let i = 0; i < big.length; i += 4096) big[i] = i % 251;
    const flat = big.toString('base64');
    const wrapped = flat.replace(/.{76}/g, '$&\n');
    for (const text of [flat, wrapped]) {
      const started = performance.now();
      const out = decodeBase64(text);
      const elapsed = performance.now() - started;
      expect(Buffer.isBuffer(out) && out.equals(big)).toBe(true);
      expect(elapsed).toBeLessThan(1000);
    }
  });
});
