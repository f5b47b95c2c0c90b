import { setMaxListeners } from 'node:events';
import type { ImageOutcome, PredictBackend, PredictCall } from '../../src/backends/predict-backend.js';
import { ErrorCode, ImageError } from '../../src/error-codes.js';
import type { PreparedImage } from '../../src/images/prepared-image.js';
import type { CallPermit, Limiter } from '../../src/limiter/limiter.js';
import type { RequestContext } from '../../src/prediction/request-context.js';

/**
 * A limiter the test opens and closes. `async` answers every request only after a macrotask and a few
 * awaits, like a limiter that asks Redis: the batcher must behave exactly as with a synchronous one.
 */
export class TestLimiter implements Limiter {
  open = true;
  inFlight = 0;
  granted = 0;
  private readonly queue: Array<(p: CallPermit) => void> = [];
  constructor(private readonly async = false) {}
  get waiting() {
    return this.queue.length;
  }
  get idle() {
    return this.queue.length === 0 && this.inFlight === 0;
  }
  pause(): void {}
  acquire(): Promise<CallPermit> {
    return new Promise((resolve) => {
      this.queue.push(resolve);
      if (this.async) setImmediate(() => void Promise.resolve().then(() => this.grant()));
      else this.grant();
    });
  }
  setOpen(open: boolean): void {
    this.open = open;
    this.grant();
  }
  private grant(): void {
    while (this.open && this.queue.length > 0) {
      this.granted++;
      this.inFlight++;
      let done = false;
      this.queue.shift()!({
        release: () => {
          if (!done) this.inFlight--;
          done = true;
        },
      });
    }
  }
}

/** A backend whose calls stay open until the test lets them finish; answers echo each image's key. */
export class HeldBackend implements PredictBackend {
  readonly name = 'held';
  readonly maxBytesPerCall: number;
  calls: PredictCall[] = [];
  private releases: Array<() => void> = [];
  constructor(
    readonly maxImagesPerCall = 128,
    maxBytes = 1e9,
    readonly limiter: TestLimiter = new TestLimiter(),
  ) {
    this.maxBytesPerCall = maxBytes;
  }
  limiterFor(): Limiter {
    return this.limiter;
  }
  async predict(call: PredictCall, permit: CallPermit): Promise<ImageOutcome[]> {
    this.calls.push(call);
    await new Promise<void>((r) => this.releases.push(r));
    permit.release();
    return call.images.map((img) =>
      img.key.startsWith('bad')
        ? new ImageError(ErrorCode.IMAGE_REJECTED, 'bad')
        : { concepts: [{ id: img.key, name: img.key, value: 1 }], regions: [], model: { id: 'm' } },
    );
  }
  releaseAll(): void {
    this.releases.splice(0).forEach((r) => r());
  }
  get sizes(): number[] {
    return this.calls.map((c) => c.images.length);
  }
}

export const url = (k: string): PreparedImage => ({ kind: 'url', key: k, url: `https://x/${k}` });
export const spec = { credential: 'pat', model: { modelId: 'm', userId: 'u', appId: 'a' }, options: {} };

/** A request context with its own controller; `deadline` far away unless given. */
export function context(deadline = Date.now() + 3_600_000): RequestContext & { controller: AbortController } {
  const controller = new AbortController();
  setMaxListeners(0, controller.signal); // one listener per queued image, as in production
  return { credential: 'pat', signal: controller.signal, deadline, controller };
}
