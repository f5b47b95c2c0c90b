import { readFileSync } from 'node:fs';
import { pngBomb } from '../../images/fixtures.js';
import { images, type HostileCase } from '../support.js';

// MAX_FILE_BYTES is 300,000 in the hostile suite's service.
const dog = readFileSync(new URL('../../fixtures/photos/dog.jpg', import.meta.url));
const b64 = (bytes: Buffer) => ({ base64: bytes.toString('base64') });

/** Images that are not images, or not allowed: each must get its own error, never the server's. */
export const imageInputs: HostileCase[] = [
  images('base64 with characters outside the alphabet', [{ base64: 'iVBORw0KGgo!!!$$$***' }], ['INVALID_BASE64']),
  images('base64 mixing both alphabets', [{ base64: 'ab+c-d_e/f==' }], ['INVALID_BASE64']),
  images('base64 with padding in the middle', [{ base64: 'iVBO=Rw0KGgo' }], ['INVALID_BASE64']),
  images('a broken data: prefix', [{ base64: 'data:image/png;base64' }], ['INVALID_BASE64']),
  images('a data: prefix of another type', [{ base64: `data:text/html;base64,${Buffer.from('<script>').toString('base64')}` }], ['INVALID_BASE64']),
  images('base64 of an empty string', [{ base64: '' }], ['EMPTY_IMAGE', 'INVALID_BASE64']),
  images('base64 of only padding', [{ base64: '====' }], ['INVALID_BASE64', 'EMPTY_IMAGE']),
  images('base64 of text', [b64(Buffer.from('#!/bin/sh\nrm -rf /\n'))], ['UNSUPPORTED_IMAGE_FORMAT']),
  images('base64 of an HTML page', [b64(Buffer.from('<!doctype html><html><body>hi</body></html>'))], ['UNSUPPORTED_IMAGE_FORMAT']),
  images('base64 of a ZIP archive', [b64(Buffer.from([0x50, 0x4b, 0x03, 0x04, ...Buffer.alloc(100)]))], ['UNSUPPORTED_IMAGE_FORMAT']),
  images(
    'base64 of an SVG (scripts, external entities)',
    [b64(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'))],
    ['UNSUPPORTED_IMAGE_FORMAT'],
  ),
  images('a PNG decompression bomb (400 megapixels in 50 KB)', [b64(pngBomb(20_000, 20_000))], ['IMAGE_TOO_MANY_PIXELS']),
  images('a PNG bomb whose pixels are not even zlib', [b64(pngBomb(30_000, 30_000, true))], ['IMAGE_TOO_MANY_PIXELS']),
  images('a PNG header claiming 0 x 0 pixels', [b64(pngBomb(0, 0, true))], ['CORRUPT_IMAGE']),
  images('a JPEG cut in half', [b64(dog.subarray(0, Math.floor(dog.length / 2)))], ['CORRUPT_IMAGE']),
  images('a JPEG signature and nothing else', [b64(Buffer.from([0xff, 0xd8, 0xff]))], ['CORRUPT_IMAGE']),
  images('an image over MAX_FILE_BYTES', [b64(Buffer.concat([dog, Buffer.alloc(400_000)]))], ['IMAGE_TOO_LARGE']),
  images('a URL with another scheme (ftp)', [{ url: 'ftp://img.example/a.jpg' }], ['INVALID_URL']),
  images('a file: URL', [{ url: 'file:///etc/passwd' }], ['INVALID_URL']),
  images('a javascript: URL', [{ url: 'javascript:alert(1)' }], ['INVALID_URL']),
  images('a data: URL', [{ url: `data:image/jpeg;base64,${dog.subarray(0, 100).toString('base64')}` }], ['INVALID_URL']),
  images('a gopher: URL', [{ url: 'gopher://127.0.0.1:25/_HELO' }], ['INVALID_URL']),
  images('a URL with credentials', [{ url: 'https://admin:hunter2@img.example/a.jpg' }], ['INVALID_URL']),
  images('a URL with a user only', [{ url: 'https://token@img.example/a.jpg' }], ['INVALID_URL']),
  images('a URL of 100,000 characters', [{ url: `https://img.example/${'a'.repeat(100_000)}.jpg` }], ['INVALID_URL']),
  images('a relative URL', [{ url: '/etc/passwd' }], ['INVALID_URL']),
  images('a URL without a host', [{ url: 'https:///a.jpg' }], ['INVALID_URL']),
  images('a URL with a broken IPv6 host', [{ url: 'http://[::1/a.jpg' }], ['INVALID_URL']),
  images('a URL with a port out of range', [{ url: 'http://img.example:99999/a.jpg' }], ['INVALID_URL']),
  images('an empty URL', [{ url: '   ' }], ['INVALID_URL']),
  images('url and base64 in one image', [{ url: 'https://img.example/a.jpg', base64: 'AAAA' }], ['BAD_USER_INPUT']),
  images('an image with no field set', [{}], ['BAD_USER_INPUT']),
  images('a file variable sent as JSON (no upload)', [{ file: 'just a string' }], ['BAD_USER_INPUT', 'MALFORMED_MULTIPART', 'INVALID_IMAGE_INPUT']),
];
