/**
 * Splits items, in order, into consecutive runs whose sizes sum to at most `max`. An item larger than
 * `max` still gets a run of its own, so nothing is ever dropped.
 */
export function chunkBySum<T>(items: readonly T[], sizeOf: (item: T) => number, max: number): T[][] {
  const chunks: T[][] = [];
  let current: T[] = [];
  let sum = 0;
  for (const item of items) {
    const size = sizeOf(item);
    if (current.length > 0 && sum + size > max) {
      chunks.push(current);
      current = [];
      sum = 0;
    }
    current.push(item);
    sum += size;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}
