import { BI_BITFIELDS, BI_RGB, readBmpHeader } from './bmp-header.js';
import type { ImageFormat } from './prepared-image.js';

/*
 * For JPEG and PNG, sharp's metadata() reads the header only and does not notice an upload cut
 * short; decoding everything to find out would cost a full decode per image. Instead the container
 * structure is walked, touching only markers and chunk headers: JPEG up to its EOI marker, PNG up to
 * IEND, BMP (no libvips loader) against its pixel-array size. Data after the end (e.g. the video of
 * a "motion photo" after a JPEG's EOI) is allowed.
 * GIF and WebP need nothing here: libvips's header read already walks every GIF block and checks the
 * WebP RIFF size, and fails on a cut (tested). TIFF is not walked: its strips may lie anywhere in the
 * file, so only a decode could tell; it is left to the decoder upstream.
 */

/** Why the image looks cut short, or undefined when its structure is complete. */
export function findTruncation(buf: Buffer, format: ImageFormat): string | undefined {
  switch (format) {
    case 'jpeg':
      return jpegReachesEnd(buf) ? undefined : 'the JPEG data ends before its end-of-image marker (FF D9)';
    case 'png':
      return pngReachesEnd(buf) ? undefined : 'the PNG data ends before its IEND chunk';
    case 'bmp': {
      const needed = bmpBytesNeeded(buf);
      return needed <= buf.length ? undefined : `the BMP is ${buf.length} bytes but needs ${needed}`;
    }
    case 'gif':
    case 'webp':
    case 'tiff':
      return undefined;
  }
}

function jpegReachesEnd(buf: Buffer): boolean {
  let i = 2;
  while (i + 1 < buf.length) {
    // libjpeg skips junk between segments; so do we, we only care whether the end is there.
    if (buf[i] !== 0xff) {
      i = buf.indexOf(0xff, i);
      if (i === -1) return false;
      continue;
    }
    const marker = buf[i + 1];
    if (marker === 0xff) {
      i += 1; // fill byte
    } else if (marker === 0xd9) {
      return true;
    } else if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7) || marker === 0xd8) {
      i += 2; // markers without a length
    } else {
      if (i + 4 > buf.length) return false;
      i += 2 + buf.readUInt16BE(i + 2);
      if (marker === 0xda) i = endOfEntropyData(buf, i);
    }
  }
  return false;
}

/** Index of the first real marker after a scan (FF 00 is an escaped data byte, FF D0-D7 a restart). */
function endOfEntropyData(buf: Buffer, from: number): number {
  let i = from;
  for (;;) {
    const j = buf.indexOf(0xff, i);
    if (j === -1 || j + 1 >= buf.length) return buf.length;
    const next = buf[j + 1];
    if (next === 0x00 || (next >= 0xd0 && next <= 0xd7)) i = j + 2;
    else if (next === 0xff) i = j + 1;
    else return j;
  }
}

function pngReachesEnd(buf: Buffer): boolean {
  let i = 8;
  while (i + 8 <= buf.length) {
    const end = i + 12 + buf.readUInt32BE(i);
    if (end > buf.length) return false;
    if (buf.toString('latin1', i + 4, i + 8) === 'IEND') return true;
    i = end;
  }
  return false;
}

function bmpBytesNeeded(buf: Buffer): number {
  const header = readBmpHeader(buf);
  if (!header) return Infinity;
  if (header.compression === BI_RGB || header.compression === BI_BITFIELDS) {
    const rowBytes = Math.ceil((header.width * header.bitsPerPixel) / 32) * 4;
    return header.pixelOffset + rowBytes * header.height;
  }
  // Compressed (RLE...): only the declared size is known.
  return header.pixelOffset + header.imageSize;
}
