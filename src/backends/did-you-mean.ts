/** Edit distance with adjacent swaps (optimal string alignment): `lcoal-objects` is one typo, not two. */
export function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, d[i - 2]![j - 2]! + 1);
      d[i]![j] = v;
    }
  }
  return d[a.length]![b.length]!;
}

/**
 * The local model id a mistyped id most likely meant, or undefined when it looks like a Clarifai id.
 * An id in our `local-` namespace always gets the closest one; any other id only within 2 edits.
 */
export function closestLocalId(modelId: string, localIds: readonly string[]): string | undefined {
  const wanted = modelId.trim().toLowerCase();
  if (wanted.length > 64) return undefined; // a 100,000-character id is no typo; skip the quadratic work
  let best: { id: string; distance: number } | undefined;
  for (const id of localIds) {
    const distance = editDistance(wanted, id);
    if (!best || distance < best.distance) best = { id, distance };
  }
  if (!best) return undefined;
  return best.distance <= 2 || wanted.startsWith('local') ? best.id : undefined;
}
