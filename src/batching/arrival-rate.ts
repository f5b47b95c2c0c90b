/**
 * Images per second arriving at a group, as an exponentially decaying count (time constant `tauMs`):
 * O(1) per arrival, and it falls back towards 0 on its own when arrivals stop.
 */
export class ArrivalRate {
  private rate = 0;
  private last = 0;

  constructor(private readonly tauMs = 1000) {}

  record(count = 1, now = Date.now()): void {
    this.rate = this.at(now) + (count * 1000) / this.tauMs;
    this.last = now;
  }

  /** Estimated images per second at `now`. */
  at(now = Date.now()): number {
    return this.last === 0 ? 0 : this.rate * Math.exp(-(now - this.last) / this.tauMs);
  }
}
