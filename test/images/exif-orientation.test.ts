import { describe, expect, it } from '@jest/globals';
import sharp from 'sharp';
import { ErrorCode, ImageError } from '../../src/error-codes.js';
import { prepareBytes, type PreparedBytesImage } from '../../src/images/index.js';
import { noisyImage } from './fixtures.js';
import { cameraJpeg, expectColours, quadrantColours } from '../support/exif.js';

async function prepared(buf: Buffer, autoOrient = true): Promise<PreparedBytesImage> {
  const out = await prepareBytes(buf, { autoOrient });
  if (out instanceof ImageError) throw new Error(`unexpected ${out.code}: ${out.message}`);
  return out;
}

describe('EXIF orientation', () => {
  it('the fixtures really are camera-like: a viewer (sharp autoOrient) shows them upright', async () => {
    for (let n = 1; n <= 8; n++) {
      expectColours(
        await quadrantColours(
          await sharp(await cameraJpeg(n))
            .autoOrient()
            .toBuffer(),
        ),
      );
    }
  });

  it.each([1, 2, 3, 4, 5, 6, 7, 8])('orientation %i comes out upright, 64x32, with no orientation left', async (n) => {
    const input = await cameraJpeg(n);
    expect((await sharp(input).metadata()).orientation).toBe(n);

    const out = await prepared(input);
    expect(out.format).toBe('jpeg');
    expect([undefined, 1]).toContain((await sharp(out.bytes).metadata()).orientation);
    expectColours(await quadrantColours(out.bytes));
    if (n === 1)
      expect(out.bytes).toBe(input); // nothing to do: not re-encoded
    else expect(out.sha256).not.toBe((await prepared(input, false)).sha256); // the key is of the bytes sent
  });

  it.each([1, 2, 3, 4, 5, 6, 7, 8])('orientation %i is left untouched when autoOrient is off', async (n) => {
    const input = await cameraJpeg(n);
    expect((await prepared(input, false)).bytes).toBe(input);
  });

  it.each(['png', 'webp', 'tiff'] as const)('a rotated %s is re-encoded upright in the same format', async (format) => {
    const upright = await sharp(await cameraJpeg(1))
      .toFormat(format)
      .toBuffer();
    const rotated = await sharp(await cameraJpeg(6))
      .toFormat(format)
      .withMetadata({ orientation: 6 })
      .toBuffer();
    expect((await sharp(rotated).metadata()).orientation).toBe(6);

    const out = await prepared(rotated);
    expect(out.format).toBe(format);
    expectColours(await quadrantColours(out.bytes));
    expect((await sharp(upright).metadata()).format).toBe((await sharp(out.bytes).metadata()).format);
  });

  it('reports IMAGE_TOO_LARGE when turning upright makes the image exceed maxBytes', async () => {
    // Low-quality noise re-encoded at quality 92 grows several times over.
    const input = await noisyImage(200, 100).jpeg({ quality: 5 }).withMetadata({ orientation: 6 }).toBuffer();
    const err = await prepareBytes(input, { maxBytes: input.length });
    expect(err).toBeInstanceOf(ImageError);
    expect((err as ImageError).code).toBe(ErrorCode.IMAGE_TOO_LARGE);
    expect((err as ImageError).message).toMatch(/once turned upright/);
  });
});
