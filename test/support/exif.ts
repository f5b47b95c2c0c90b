import { expect } from '@jest/globals';
import sharp from 'sharp';

/*
 * A camera stores pixels as the sensor saw them and records, in the orientation tag, how a viewer
 * must transform them to show the scene upright. So for each tag n we start from the upright scene U
 * and compute the stored pixels S such that applying transform n to S gives back U.
 * U is 64x32 with four coloured quadrants; 32 and 16 are multiples of the JPEG block sizes, so
 * colours do not bleed across quadrant edges.
 */
export const W = 64;
export const H = 32;
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
    case 1:
      return [sx, sy];
    case 2:
      return [W - 1 - sx, sy]; // mirrored horizontally
    case 3:
      return [W - 1 - sx, H - 1 - sy]; // rotated 180
    case 4:
      return [sx, H - 1 - sy]; // mirrored vertically
    case 5:
      return [sy, sx]; // transposed
    case 6:
      return [W - 1 - sy, sx]; // viewer rotates 90 clockwise
    case 7:
      return [W - 1 - sy, H - 1 - sx]; // transversed
    case 8:
      return [sy, H - 1 - sx]; // viewer rotates 90 anticlockwise
    default:
      throw new Error(`no orientation ${n}`);
  }
}

export async function cameraJpeg(n: number): Promise<Buffer> {
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

export async function quadrantColours(buf: Buffer) {
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

export function expectColours(actual: Awaited<ReturnType<typeof quadrantColours>>) {
  expect(actual.size).toEqual([W, H]);
  for (const [corner, expected] of Object.entries(QUADRANTS)) {
    const got = actual[corner as keyof typeof QUADRANTS];
    got.forEach((channel, i) => expect(Math.abs(channel - expected[i]!)).toBeLessThan(40));
  }
}
