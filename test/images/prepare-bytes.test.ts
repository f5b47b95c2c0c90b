import { randomBytes } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import sharp from 'sharp';
import { ErrorCode, ImageError } from '../../src/error-codes.js';
import type { PreparedBytesImage } from '../../src/images/index.js';
import { base64LengthOf, prepareBytes } from '../../src/images/index.js';
import { noisyImage, pngBomb, solidImage, tinyBmp } from './fixtures.js';

function noisy(format: 'jpeg' | 'png' | 'gif' | 'webp'): Promise<Buffer> {
  return noisyImage(120, 90).toFormat(format).toBuffer();
}

async function prepared(...args: Parameters<typeof prepareBytes>): Promise<PreparedBytesImage> {
  const out = await prepareBytes(...args);
  if (out instanceof ImageError) throw new Error(`unexpected ${out.code}: ${out.message}`);
  return out;
}

async function failure(...args: Parameters<typeof prepareBytes>): Promise<ImageError> {
  const out = await prepareBytes(...args);
  if (!(out instanceof ImageError)) throw new Error('expected an ImageError');
  return out;
}

describe('prepareBytes accepts', () => {
  it.each(['jpeg', 'png', 'gif', 'webp', 'tiff'] as const)('%s, passing the very same buffer on', async (format) => {
    const buf = await solidImage(format);
    const out = await prepared(buf);
    expect(out.bytes).toBe(buf);
    expect(out.format).toBe(format);
  });

  it('BMP, which sharp cannot read, from its hand-parsed header', async () => {
    const buf = tinyBmp(3, 2);
    const out = await prepared(buf);
    expect(out.format).toBe('bmp');
    expect(out.bytes).toBe(buf);
  });

  it('describes the bytes: sha256 key, lengths', async () => {
    const buf = await solidImage('png');
    const out = await prepared(buf);
    const { createHash } = await import('node:crypto');
    const sha = createHash('sha256').update(buf).digest('hex');
    expect(out).toMatchObject({ kind: 'bytes', key: sha, sha256: sha, byteLength: buf.length });
    expect(out.base64Length).toBe(base64LengthOf(buf.length));
    expect(out.base64Length).toBe(buf.toString('base64').length);
  });

  it('an image of exactly maxBytes and exactly maxPixels', async () => {
    const buf = await solidImage('png', 50, 40);
    await prepared(buf, { maxBytes: buf.length, maxPixels: 2000 });
  });

  it('a GIF without its trailer byte, which many encoders omit and every viewer accepts', async () => {
    const gif = await solidImage('gif');
    expect(gif[gif.length - 1]).toBe(0x3b);
    await prepared(gif.subarray(0, gif.length - 1));
  });

  it('a JPEG followed by trailing data (e.g. the video of a motion photo)', async () => {
    const buf = Buffer.concat([await solidImage('jpeg'), randomBytes(5000)]);
    expect((await prepared(buf)).bytes).toBe(buf);
  });
});

describe('prepareBytes rejects', () => {
  it('empty input as EMPTY_IMAGE', async () => {
    expect((await failure(Buffer.alloc(0))).code).toBe(ErrorCode.EMPTY_IMAGE);
  });

  it('more than maxBytes as IMAGE_TOO_LARGE, giving size and limit', async () => {
    const buf = await solidImage('png');
    const err = await failure(buf, { maxBytes: 100 });
    expect(err.code).toBe(ErrorCode.IMAGE_TOO_LARGE);
    expect(err.message).toContain(`${buf.length} bytes`);
    expect(err.message).toContain('100 bytes');
  });

  it('defaults to a 20 MB limit', async () => {
    const buf = Buffer.alloc(20 * 1024 * 1024 + 1);
    buf.set([0xff, 0xd8, 0xff]);
    const err = await failure(buf);
    expect(err.code).toBe(ErrorCode.IMAGE_TOO_LARGE);
    expect(err.message).toContain('20,971,520');
  });

  it.each([
    ['PDF', Buffer.from('%PDF-1.7\n1 0 obj\n<< >>\nendobj\n')],
    ['text', Buffer.from('just some text')],
    ['HTML error page', Buffer.from('<!DOCTYPE html><html><body>404</body></html>')],
  ])('%s as UNSUPPORTED_IMAGE_FORMAT, naming the accepted formats', async (_name, buf) => {
    const err = await failure(buf);
    expect(err.code).toBe(ErrorCode.UNSUPPORTED_IMAGE_FORMAT);
    expect(err.message).toContain('JPEG, PNG, GIF, WEBP, TIFF, BMP');
  });

  it('AVIF as UNSUPPORTED_IMAGE_FORMAT, although sharp could read it', async () => {
    const avif = await sharp({ create: { width: 8, height: 8, channels: 3, background: 'red' } })
      .avif()
      .toBuffer();
    expect((await failure(avif)).code).toBe(ErrorCode.UNSUPPORTED_IMAGE_FORMAT);
  });

  it('random bytes after a JPEG magic as CORRUPT_IMAGE', async () => {
    const buf = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff]), randomBytes(2000)]);
    expect((await failure(buf)).code).toBe(ErrorCode.CORRUPT_IMAGE);
  });

  it.each(['jpeg', 'png', 'gif', 'webp'] as const)('a %s cut short (at several points) as CORRUPT_IMAGE', async (format) => {
    const whole = await noisy(format);
    await prepared(whole);
    for (const keep of [0.25, 0.5, 0.9, 0.99]) {
      const err = await failure(whole.subarray(0, Math.floor(whole.length * keep)));
      expect(err.code).toBe(ErrorCode.CORRUPT_IMAGE);
    }
  });

  it.each(['jpeg', 'png'] as const)('a %s whose header reads fine but whose data is cut, by walking its structure', async (format) => {
    const whole = await noisy(format);
    const cut = whole.subarray(0, Math.floor(whole.length * 0.9));
    await expect(sharp(cut).metadata()).resolves.toMatchObject({ width: 120, height: 90 });
    expect((await failure(cut)).message).toMatch(/cut short/);
  });

  it('a JPEG missing only its end-of-image marker as CORRUPT_IMAGE', async () => {
    const whole = await solidImage('jpeg');
    expect((await failure(whole.subarray(0, whole.length - 2))).message).toMatch(/FF D9/);
  });

  it('a JPEG cut short after an embedded EXIF thumbnail, whose own FF D9 must not count as the end', async () => {
    const thumbnail = await solidImage('jpeg', 16, 16);
    const app1 = Buffer.alloc(4);
    app1.writeUInt16BE(0xffe1, 0);
    app1.writeUInt16BE(2 + 6 + thumbnail.length, 2);
    const main = await noisy('jpeg');
    const withThumb = Buffer.concat([main.subarray(0, 2), app1, Buffer.from('Exif\0\0'), thumbnail, main.subarray(2)]);
    await prepared(withThumb);
    const cut = withThumb.subarray(0, withThumb.length - 100);
    expect((await failure(cut)).message).toMatch(/FF D9/);
  });

  it('a progressive JPEG (several scans) cut between scans', async () => {
    const progressive = await noisyImage(120, 90).jpeg({ progressive: true }).toBuffer();
    await prepared(progressive);
    expect((await failure(progressive.subarray(0, Math.floor(progressive.length * 0.6)))).code).toBe(ErrorCode.CORRUPT_IMAGE);
  });

  it('a truncated BMP as CORRUPT_IMAGE', async () => {
    const bmp = tinyBmp(10, 10);
    expect((await failure(bmp.subarray(0, bmp.length - 1))).code).toBe(ErrorCode.CORRUPT_IMAGE);
  });

  it('a normal image above a small maxPixels as IMAGE_TOO_MANY_PIXELS', async () => {
    const err = await failure(await solidImage('jpeg', 400, 300), { maxPixels: 100_000 });
    expect(err.code).toBe(ErrorCode.IMAGE_TOO_MANY_PIXELS);
    expect(err.message).toContain('400x300 = 120,000 pixels; the limit is 100,000');
  });

  it('a BMP above maxPixels, from its hand-parsed header', async () => {
    expect((await failure(tinyBmp(20, 20), { maxPixels: 399 })).code).toBe(ErrorCode.IMAGE_TOO_MANY_PIXELS);
  });

  it('a 20000x20000 PNG bomb of a few KB, under the default limit, without decoding it', async () => {
    const bomb = pngBomb(20_000, 20_000);
    expect(bomb.length).toBeLessThan(100_000);
    const started = performance.now();
    const err = await failure(bomb);
    expect(performance.now() - started).toBeLessThan(500); // a decode of 400 MP would take seconds
    expect(err.code).toBe(ErrorCode.IMAGE_TOO_MANY_PIXELS);
    expect(err.message).toContain('20000x20000');
  });

  it('the bomb verdict comes from the header alone: pixel data that is not even zlib still says too many pixels', async () => {
    expect((await failure(pngBomb(20_000, 20_000, true))).code).toBe(ErrorCode.IMAGE_TOO_MANY_PIXELS);
    // ...whereas the same garbage in a small image is only found by decoding, which prepareBytes skips.
    expect((await prepareBytes(pngBomb(100, 100, true))) instanceof ImageError).toBe(false);
  });
});
