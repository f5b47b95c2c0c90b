import { describe, expect, it } from '@jest/globals';
import sharp from 'sharp';
import { sniffFormat } from '../../src/images/index.js';
import { solidImage, tinyBmp } from './fixtures.js';

describe('sniffFormat', () => {
  it.each(['jpeg', 'png', 'gif', 'webp', 'tiff'] as const)('recognises %s written by sharp', async (format) => {
    expect(sniffFormat(await solidImage(format))).toBe(format);
  });

  it('recognises big-endian TIFF', () => {
    expect(sniffFormat(Buffer.from([0x4d, 0x4d, 0x00, 0x2a, 0, 0, 0, 8]))).toBe('tiff');
  });

  it('recognises GIF87a', () => {
    expect(sniffFormat(Buffer.from('GIF87a\x01\x00\x01\x00', 'latin1'))).toBe('gif');
  });

  it('recognises a hand-made BMP', () => {
    expect(sniffFormat(tinyBmp())).toBe('bmp');
  });

  it('needs more than "BM" to call it a BMP', () => {
    expect(sniffFormat(Buffer.from('BMW is a car brand, not a bitmap header.'))).toBeUndefined();
    const badHeader = tinyBmp();
    badHeader.writeUInt32LE(41, 14); // no such DIB header size
    expect(sniffFormat(badHeader)).toBeUndefined();
  });

  it.each([
    ['empty', Buffer.alloc(0)],
    ['text', Buffer.from('hello world, this is not an image')],
    ['PDF', Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n', 'latin1')],
    ['RIFF but not WebP (WAV)', Buffer.from('RIFF\x24\x00\x00\x00WAVEfmt ', 'latin1')],
    ['truncated PNG signature', Buffer.from([0x89, 0x50, 0x4e, 0x47])],
    ['two JPEG magic bytes only', Buffer.from([0xff, 0xd8])],
  ])('returns undefined for %s', (_name, buf) => {
    expect(sniffFormat(buf)).toBeUndefined();
  });

  it('returns undefined for AVIF, which sharp can write but Clarifai does not take', async () => {
    const avif = await sharp({ create: { width: 8, height: 8, channels: 3, background: 'red' } })
      .avif()
      .toBuffer();
    expect(sniffFormat(avif)).toBeUndefined();
  });
});
