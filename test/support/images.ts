import sharp from 'sharp';

/** A small PNG unique to `seed` (its colour and size), so every image has its own sha256 and concepts. */
export async function makePng(seed: number, width = 8 + (seed % 13), height = 8 + (seed % 7)): Promise<Buffer> {
  const background = { r: seed % 256, g: Math.floor(seed / 256) % 256, b: (seed * 7) % 256 };
  return sharp({ create: { width, height, channels: 3, background } })
    .png()
    .toBuffer();
}

export async function makePngs(count: number, offset = 0): Promise<Buffer[]> {
  return Promise.all(Array.from({ length: count }, (_, i) => makePng(offset + i)));
}
