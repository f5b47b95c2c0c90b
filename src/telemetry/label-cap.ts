/**
 * Bounds a caller-chosen label: the values given up front always pass, then the first `max` other
 * values seen, then `other`. Prometheus keeps a series per value, so an unbounded label (model ids,
 * operation names a client makes up) would grow the scrape and the TSDB without end.
 */
export class LabelCap {
  private readonly seen = new Set<string>();

  constructor(
    private readonly known: ReadonlySet<string>,
    private readonly max: number,
    private readonly prefix = '',
  ) {}

  label(value: string): string {
    if (this.known.has(value)) return value;
    if (this.seen.has(value)) return this.prefix + value;
    if (this.seen.size >= this.max) return 'other';
    this.seen.add(value);
    return this.prefix + value;
  }
}
