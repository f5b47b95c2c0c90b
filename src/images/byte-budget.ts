/**
 * Bounds the image bytes held in memory by all operations together. A caller takes what a whole wave of
 * images may need in one acquire (FIFO), so two operations can never each hold half of what both need
 * and wait for each other; each image gives its share back when its prediction has settled.
 */
export class ByteBudget {
  private available: number;
  private readonly waiters: Array<{ bytes: number; resolve: () => void }> = [];

  constructor(readonly capacity: number) {
    this.available = capacity;
  }

  /** Takes `bytes` now (capped at the capacity) if nobody waits and they are free, else takes nothing: undefined. */
  tryAcquire(bytes: number): number | undefined {
    const want = Math.min(bytes, this.capacity);
    if (this.waiters.length > 0 || want > this.available) return undefined;
    this.available -= want;
    return want;
  }

  /** Takes `bytes` (capped at the capacity, so one huge request can still go alone). */
  async acquire(bytes: number): Promise<number> {
    const want = Math.min(bytes, this.capacity);
    if (this.tryAcquire(want) !== undefined) return want;
    await new Promise<void>((resolve) => this.waiters.push({ bytes: want, resolve }));
    return want;
  }

  release(bytes: number): void {
    this.available = Math.min(this.capacity, this.available + bytes);
    while (this.waiters.length > 0 && this.waiters[0]!.bytes <= this.available) {
      const w = this.waiters.shift()!;
      this.available -= w.bytes;
      w.resolve();
    }
  }

  get inUse(): number {
    return this.capacity - this.available;
  }
}
