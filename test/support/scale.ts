/**
 * `npm run soak` sets SOAK=1: the reliability suites then run their long versions (more images, more
 * rounds, more generated cases). `npm test` runs the short ones.
 */
export const SOAK = process.env.SOAK === '1';

export const scaled = (short: number, soak: number): number => (SOAK ? soak : short);

/** Jest timeout for a test whose work grows with the scale. */
export const scaledTimeout = (shortMs: number, soakMs: number): number => (SOAK ? soakMs : shortMs);
