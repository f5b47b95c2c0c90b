import { describe, expect, it } from '@jest/globals';
import { ErrorCode, ImageError } from '../../src/error-codes.js';
import { MAX_URL_LENGTH, prepareUrl } from '../../src/images/index.js';

function accepted(raw: string) {
  const out = prepareUrl(raw);
  if (out instanceof ImageError) throw new Error(`unexpected ${out.code}: ${out.message}`);
  return out;
}

function rejected(raw: string): ImageError {
  const out = prepareUrl(raw);
  if (!(out instanceof ImageError)) throw new Error(`expected ${raw} to be rejected`);
  expect(out.code).toBe(ErrorCode.INVALID_URL);
  return out;
}

describe('prepareUrl accepts', () => {
  it('http and https, keying on the normalised URL but sending the original', () => {
    const out = accepted('HTTPS://Images.Example.COM:443/Cat.JPG?b=1&a=2#frag');
    expect(out).toEqual({
      kind: 'url',
      key: 'https://images.example.com/Cat.JPG?b=1&a=2',
      url: 'HTTPS://Images.Example.COM:443/Cat.JPG?b=1&a=2#frag',
    });
    expect(accepted('http://example.com:80/a.png').key).toBe('http://example.com/a.png');
    expect(accepted('http://example.com:8080/a.png').key).toBe('http://example.com:8080/a.png');
  });

  it('gives the same key to URLs differing only in case of host, default port or fragment', () => {
    const keys = ['http://EXAMPLE.com/x.jpg', 'http://example.com:80/x.jpg', 'http://example.com/x.jpg#top'].map((u) => accepted(u).key);
    expect(new Set(keys).size).toBe(1);
  });

  it('sends a signed URL byte for byte, even where WHATWG would re-encode it', () => {
    const signed = "https://bucket.s3.amazonaws.com/a%2Fb.jpg?X-Amz-Credential=AKIA%2F20240101&X-Amz-Signature=ab12&name='q'";
    const out = accepted(signed);
    expect(out.url).toBe(signed);
    expect(out.key).toContain('%27q%27'); // the key is the WHATWG form; only the key
  });

  it('percent-encodes a URL that is not legal on the wire (spaces, non-ASCII)', () => {
    expect(accepted('https://example.com/my cat.jpg').url).toBe('https://example.com/my%20cat.jpg');
    expect(accepted('https://bücher.example/ä.png').url).toBe('https://xn--bcher-kva.example/%C3%A4.png');
  });

  it('trims surrounding whitespace', () => {
    expect(accepted('  https://example.com/a.jpg\n').url).toBe('https://example.com/a.jpg');
  });

  it(`accepts exactly ${MAX_URL_LENGTH} characters`, () => {
    const base = 'https://example.com/';
    expect(accepted(base + 'a'.repeat(MAX_URL_LENGTH - base.length)).url).toHaveLength(MAX_URL_LENGTH);
  });
});

describe('prepareUrl rejects', () => {
  it.each([
    ['empty', '', /empty/],
    ['blank', '   ', /empty/],
    ['relative', '/images/cat.jpg', /absolute/],
    ['scheme-less host', 'www.example.com/cat.jpg', /absolute/],
    ['scheme-less host with port', 'www.example.com:8080/cat.jpg', /absolute/],
    ['ftp', 'ftp://example.com/cat.jpg', /only http and https.*ftp:/],
    ['file', 'file:///etc/passwd', /only http and https.*file:/],
    ['data URL', 'data:image/png;base64,AAAA', /only http and https.*data:/],
    ['javascript', 'javascript:alert(1)', /only http and https/],
    ['missing slashes', 'http:example.com/cat.jpg', /http:\/\//],
    ['one slash', 'https:/example.com/cat.jpg', /https:\/\//],
    ['no host', 'http://', /no host/],
    ['empty host with path', 'http:///cat.jpg', /no host/],
    ['user and password', 'https://user:secret@example.com/cat.jpg', /credentials/],
    ['user only', 'https://user@example.com/cat.jpg', /credentials/],
    ['empty credentials', 'https://:@example.com/cat.jpg', /credentials/],
    ['bad port', 'http://example.com:99999/cat.jpg', /cannot be parsed/],
    ['bad host', 'http://exa mple.com/cat.jpg', /cannot be parsed/],
  ])('%s', (_name, raw, message) => {
    expect(rejected(raw).message).toMatch(message);
  });

  it(`longer than ${MAX_URL_LENGTH} characters, saying by how much`, () => {
    const raw = 'https://example.com/' + 'a'.repeat(MAX_URL_LENGTH);
    expect(rejected(raw).message).toContain(`${raw.length} characters long; the limit is ${MAX_URL_LENGTH}`);
  });

  it('a URL that only exceeds the limit once percent-encoded', () => {
    const raw = 'https://example.com/' + 'é'.repeat(1000);
    expect(rejected(raw).message).toMatch(/once percent-encoded/);
  });
});
