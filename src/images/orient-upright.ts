import sharp from 'sharp';
import type { ImageFormat } from './prepared-image.js';

export interface Reencoded {
  bytes: Buffer;
  format: ImageFormat;
}

/**
 * Turns the pixels upright (EXIF orientation) and re-encodes them. Models see raw pixels and ignore
 * EXIF, so a sideways phone photo would otherwise be recognised sideways. Metadata is stripped
 * (sharp's default), which also drops the now-wrong orientation tag; colours are converted to sRGB.
 * Only the first page/frame is kept, which is what a model looks at anyway.
 *
 * `maxPixels` is passed on as limitInputPixels so libvips itself refuses a bomb, as a second line
 * behind the header check. failOn 'truncated' (not the stricter default 'warning'): a JPEG with a
 * harmless decoder warning is sent as-is when upright, so it must not fail merely for being rotated.
 */
export async function orientUpright(buf: Buffer, format: ImageFormat, maxPixels: number): Promise<Reencoded> {
  const image = sharp(buf, { limitInputPixels: maxPixels, failOn: 'truncated' }).autoOrient();
  switch (format) {
    case 'jpeg':
      return { format, bytes: await image.jpeg({ quality: 92 }).toBuffer() };
    case 'png':
      return { format, bytes: await image.png().toBuffer() };
    case 'webp':
      return { format, bytes: await image.webp(isLosslessWebp(buf) ? { lossless: true } : { quality: 92 }).toBuffer() };
    case 'tiff':
      // sharp's TIFF default is JPEG compression; LZW keeps the pixels exact.
      return { format, bytes: await image.tiff({ compression: 'lzw' }).toBuffer() };
    default:
      // GIF cannot carry EXIF and libvips cannot read BMP: only reached by oddities; PNG is lossless.
      return { format: 'png', bytes: await image.png().toBuffer() };
  }
}

/** True when the first image chunk is VP8L (lossless); re-encoding lossily would degrade it. */
function isLosslessWebp(buf: Buffer): boolean {
  let i = 12;
  while (i + 8 <= buf.length) {
    const type = buf.toString('latin1', i, i + 4);
    if (type === 'VP8L') return true;
    if (type === 'VP8 ') return false;
    if (type === 'ANMF')
      i += 8 + 16; // frame header; its image chunk follows
    else i += 8 + buf.readUInt32LE(i + 4) + (buf.readUInt32LE(i + 4) & 1);
  }
  return false;
}
