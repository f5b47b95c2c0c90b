/**
 * Caps the distinct caller labels of a metric: the first `max` callers seen keep their own label, every
 * later one becomes `other`. API-key ids are few, but JWT subjects are unbounded, and each label value is
 * a time series in Prometheus forever. First come keeps a label for the process's life, so a restart may
 * change who is `other`; size `max` above the number of real keys.
 */
export function boundedLabels(max: number, other = 'other'): (callerKey: string) => string {
  const seen = new Set<string>();
  return (callerKey) => {
    if (seen.has(callerKey)) return callerKey;
    if (seen.size >= max) return other;
    seen.add(callerKey);
    return callerKey;
  };
}
