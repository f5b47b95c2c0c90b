/**
 * Sharp's prebuilt libvips has no BMP loader, yet Clarifai accepts BMP, so the few header fields we
 * need (dimensions for the pixel limit, pixel-array extent for truncation) are read here by hand.
 */
export interface BmpHeader {
  width: number;
  /** Absolute value: a negative height only means the rows are stored top-down. */
  height: number;
  bitsPerPixel: number;
  compression: number;
  pixelOffset: number;
  /** biSizeImage; 0 is legal for uncompressed bitmaps. */
  imageSize: number;
}

// BITMAPCOREHEADER, BITMAPINFOHEADER, the two Adobe variants, OS/2 v2, BITMAPV4HEADER, BITMAPV5HEADER.
const DIB_HEADER_SIZES = new Set([12, 40, 52, 56, 64, 108, 124]);
const BITS_PER_PIXEL = new Set([1, 2, 4, 8, 16, 24, 32]);
export const BI_RGB = 0;
export const BI_BITFIELDS = 3;

/** Undefined unless the bytes carry a plausible BMP header ("BM" alone is far too common a prefix). */
export function readBmpHeader(buf: Uint8Array): BmpHeader | undefined {
  if (buf.length < 26 || buf[0] !== 0x42 || buf[1] !== 0x4d) return undefined;
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const dibSize = view.getUint32(14, true);
  if (!DIB_HEADER_SIZES.has(dibSize) || buf.length < 14 + Math.min(dibSize, 40)) return undefined;
  const pixelOffset = view.getUint32(10, true);
  if (pixelOffset < 14 + dibSize) return undefined;

  const core = dibSize === 12;
  const width = core ? view.getUint16(18, true) : view.getInt32(18, true);
  const rawHeight = core ? view.getUint16(20, true) : view.getInt32(22, true);
  const planes = core ? view.getUint16(22, true) : view.getUint16(26, true);
  const bitsPerPixel = core ? view.getUint16(24, true) : view.getUint16(28, true);
  if (width <= 0 || rawHeight === 0 || planes !== 1 || !BITS_PER_PIXEL.has(bitsPerPixel)) return undefined;

  return {
    width,
    height: Math.abs(rawHeight),
    bitsPerPixel,
    compression: core ? BI_RGB : view.getUint32(30, true),
    pixelOffset,
    imageSize: core ? 0 : view.getUint32(34, true),
  };
}
