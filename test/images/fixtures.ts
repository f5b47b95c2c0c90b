import { deflateSync } from 'node:zlib';
import sharp, { type Sharp } from 'sharp';

/** A solid-colour image in one of the formats sharp can write. */
export function solidImage(format: 'jpeg' | 'png' | 'gif' | 'webp' | 'tiff', width = 64, height = 48): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: { r: 200, g: 30, b: 30 } } })
    .toFormat(format)
    .toBuffer();
}

/** Gaussian noise: compresses badly, so a cut always lands in real pixel data. */
export function noisyImage(width: number, height: number): Sharp {
  const noise = { type: 'gaussian' as const, mean: 128, sigma: 60 };
  return sharp({ create: { width, height, channels: 3, background: 'black', noise } });
}

/** A 24-bit BITMAPINFOHEADER BMP built by hand (libvips in sharp cannot write BMP). */
export function tinyBmp(width = 2, height = 2): Buffer {
  const rowBytes = Math.ceil((width * 24) / 32) * 4;
  const pixelOffset = 14 + 40;
  const buf = Buffer.alloc(pixelOffset + rowBytes * height);
  buf.write('BM', 0, 'latin1');
  buf.writeUInt32LE(buf.length, 2);
  buf.writeUInt32LE(pixelOffset, 10);
  buf.writeUInt32LE(40, 14);
  buf.writeInt32LE(width, 18);
  buf.writeInt32LE(height, 22);
  buf.writeUInt16LE(1, 26); // planes
  buf.writeUInt16LE(24, 28); // bits per pixel
  buf.writeUInt32LE(0, 30); // BI_RGB
  buf.writeUInt32LE(rowBytes * height, 34);
  buf.fill(0x7f, pixelOffset);
  return buf;
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(data: Buffer): number {
  let c = 0xffffffff;
  for (const byte of data) c = CRC_TABLE[(c ^ byte) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function pngChunk(type: string, data: Buffer): Buffer {
  const typed = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typed));
  return Buffer.concat([length, typed, crc]);
}

/**
 * A decompression bomb: a 1-bit greyscale PNG of width x height all-black pixels. 20000x20000 is
 * 400 MP (1.2 GB as RGB) in ~50 KB. With `garbagePixels` the IDAT is not even valid zlib, so only a
 * check that never decodes can answer "too many pixels" rather than "corrupt".
 */
export function pngBomb(width: number, height: number, garbagePixels = false): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 1; // bit depth
  ihdr[9] = 0; // greyscale
  const idat = garbagePixels ? Buffer.from('this is not zlib data') : deflateSync(Buffer.alloc((1 + Math.ceil(width / 8)) * height), { level: 9 });
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', ihdr),
    pngChunk('IDAT', idat),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}
