import sharp from 'sharp';

/**
 * Decodes to a size×size RGB square. `fit: 'fill'` matches what both models do internally (a plain
 * resize, aspect not kept), so relative boxes map straight back onto the original image; JPEG
 * shrink-on-load makes this cheap even for large photos.
 */
export async function decodeToSquare(image: Uint8Array, size: number): Promise<Uint8Array> {
  const { data, info } = await sharp(image)
    .rotate()
    .removeAlpha()
    .toColourspace('srgb')
    .resize(size, size, { fit: 'fill' })
    .raw()
    .toBuffer({ resolveWithObject: true });
  if (info.channels !== 3 || data.byteLength !== size * size * 3) {
    throw new Error(`unexpected decoded shape ${info.width}x${info.height}x${info.channels}`);
  }
  return data;
}
