import { describe, expect, it } from '@jest/globals';
import sharp from 'sharp';
import { ErrorCode, ImageError } from '../../src/error-codes.js';
import { prepareBytes, type PreparedBytesImage } from '../../src/images/index.js';
import { noisyImage } from './fixtures.js';

/*
 * A camera stores pixels as the sensor saw them and records, in the orientation tag, how a viewer
 * must transform them to show the scene upright. So for each tag n we start from the upright scene U
 * and compute the stored pixels S such that applying transform n to S gives back U.
 * U is 64x32 with four coloured quadrants; 32 and 16 are multiples of the JPEG block sizes, so
 * colours do not bleed across quadrant edges.
 */
const W = 64;
const H = 32;
const RED = [255, 0, 0];
const GREEN = [0, 255, 0];
const BLUE = [0, 0, 255];
const WHITE = [255, 255, 255];
const QUADRANTS = { topLeft: RED, topRight: GREEN, bottomLeft: BLUE, bottomRight: WHITE };

function uprightColour(x: number, y: number): number[] {
  if (y < H / 2) return x < W / 2 ? RED : GREEN;
  return x < W / 2 ? BLUE : WHITE;
}

/** Where stored pixel (sx, sy) appears once a viewer applies orientation n (EXIF 2.3, tag 0x0112). */
function displayedAt(n: number, sx: number, sy: number): [number, number] {
  switch (n) {
    case 1: return [sx, sy];
    case 2: return [W - 1 - sx, sy]; // mirrored horizontally
    case 3: return [W - 1 - sx, H - 1 - sy]; // rotated 180
    case 4: return [sx, H - 1 - sy]; // mirrored vertically
    case 5: return [sy, sx]; // transposed
    case 6: return [W - 1 - sy, sx]; // viewer rotates 90 clockwise
    case 7: return [W - 1 - sy, H - 1 - sx]; // transversed
    case 8: return [sy, H - 1 - sx]; // viewer rotates 90 anticlockwise
    default: throw new Error(`no orientation ${n}`);
  }
}

async function cameraJpeg(n: number): Promise<Buffer> {
  const [sw, sh] = n >= 5 ? [H, W] : [W, H];
  const stored = Buffer.alloc(sw * sh * 3);
  for (let sy = 0; sy < sh; sy++) {
    for (let sx = 0; sx < sw; sx++) {
      stored.set(uprightColour(...displayedAt(n, sx, sy)), (sy * sw + sx) * 3);
    }
  }
  return sharp(stored, { raw: { width: sw, height: sh, channels: 3 } })
    .jpeg({ quality: 95, chromaSubsampling: '4:4:4' })
    .withMetadata({ orientation: n })
    .toBuffer();
}

async function quadrantColours(buf: Buffer) {
  const { data, info } = await sharp(buf).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  const at = (x: number, y: number) => [...data.subarray((y * info.width + x) * 3, (y * info.width + x) * 3 + 3)];
  const [qx, qy] = [info.width / 4, info.height / 4];
  return {
    size: [info.width, info.height],
    topLeft: at(qx, qy),
    topRight: at(3 * qx, qy),
    bottomLeft: at(qx, 3 * qy),
    bottomRight: at(3 * qx, 3 * qy),
  };
}

function expectColours(actual: Awaited<ReturnType<typeof quadrantColours>>) {
  expect(actual.size).toEqual([W, H]);
  for (const [corner, expected] of Object.entries(QUADRANTS)) {
    const got = actual[corner as keyof typeof QUADRANTS];
    got.forEach((channel, i) => expect(Math.abs(channel - expected[i]!)).toBeLessThan(40));
  }
}

async function prepared(buf: Buffer, autoOrient = true): Promise<PreparedBytesImage> {
  const out = await prepareBytes(buf, { autoOrient });
  if (out instanceof ImageError) throw new Error(`unexpected ${out.code}: ${out.message}`);
  return out;
}

describe('EXIF orientation', () => {
  it('the fixtures really are camera-like: a viewer (sharp autoOrient) shows them upright', async () => {
    for (let n = 1; n <= 8; n++) {
      expectColours(await quadrantColours(await sharp(await cameraJpeg(n)).autoOrient().toBuffer()));
    }
  });

  it.each([1, 2, 3, 4, 5, 6, 7, 8])('orientation %i comes out upright, 64x32, with no orientation left', async (n) => {
    const input = await cameraJpeg(n);
    expect((await sharp(input).metadata()).orientation).toBe(n);

    const out = await prepared(input);
    expect(out.format).toBe('jpeg');
    expect([undefined, 1]).toContain((await sharp(out.bytes).metadata()).orientation);
    expectColours(await quadrantColours(out.bytes));
    if (n === 1) expect(out.bytes).toBe(input); // nothing to do: not re-encoded
    else expect(out.sha256).not.toBe((await prepared(input, false)).sha256); // the key is of the bytes sent
  });

  it.each([1, 2, 3, 4, 5, 6, 7, 8])('orientation %i is left untouched when autoOrient is off', async (n) => {
    const input = await cameraJpeg(n);
    expect((await prepared(input, false)).bytes).toBe(input);
  });

  it.each(['png', 'webp', 'tiff'] as const)('a rotated %s is re-encoded upright in the same format', async (format) => {
    const upright = await sharp(await cameraJpeg(1)).toFormat(format).toBuffer();
    const rotated = await sharp(await cameraJpeg(6)).toFormat(format).withMetadata({ orientation: 6 }).toBuffer();
    expect((await sharp(rotated).metadata()).orientation).toBe(6);

    const out = await prepared(rotated);
    expect(out.format).toBe(format);
    expectColours(await quadrantColours(out.bytes));
    expect((await sharp(upright).metadata()).format).toBe((await sharp(out.bytes).metadata()).format);
  });

  it('reports IMAGE_TOO_LARGE when turning upright makes the image exceed maxBytes', async () => {
    // Low-quality noise re-encoded at quality 92 grows several times over.
    const input = await noisyImage(200, 100)
      .jpeg({ quality: 5 })
      .withMetadata({ orientation: 6 })
      .toBuffer();
    const err = await prepareBytes(input, { maxBytes: input.length });
    expect(err).toBeInstanceOf(ImageError);
    expect((err as ImageError).code).toBe(ErrorCode.IMAGE_TOO_LARGE);
    expect((err as ImageError).message).toMatch(/once turned upright/);
  });
});
