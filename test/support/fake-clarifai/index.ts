import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { FaultPlan } from './faults.js';
import { SlidingWindowLimiter } from './rate-limit.js';
import { createHandler, type ServerState } from './server.js';
import type { Fault, FaultRateOptions, FaultRates, FakeClarifaiOptions, RecordedCall } from './types.js';

export { expectedConceptsFor, type ExpectedOptions } from './concepts.js';
export { BYTES_PLACEHOLDER_URL, DEFAULT_VERSION_ID, ECHOED_BASE64 } from './responses.js';
export { MISSING_MODEL_ID } from './predict.js';
export { Code } from './status-codes.js';
export type * from './types.js';

export interface FakeClarifai {
  /** `http://127.0.0.1:PORT`, no trailing slash. */
  readonly url: string;
  /** Every request in arrival order, faulted and rejected ones included. Same array across reset(). */
  readonly calls: RecordedCall[];
  /** Images in every predict call (`…/outputs`) received, throttled ones included: what the service tried to send. */
  readonly imagesSent: number;
  /** Images in the predict calls admitted past the rate limit: what Clarifai would bill. */
  readonly imagesBilled: number;
  readonly inFlight: number;
  /** Most requests open at once since start or the last reset(). */
  readonly peakInFlight: number;
  /** Queued faults not consumed yet. */
  readonly pendingFaults: number;
  /** Clears calls, queued faults, fault rates (and re-seeds), rate-limit windows and peakInFlight. */
  reset(): void;
  /** Queues faults; each admitted call (valid PAT, within rate limit) consumes the next one. */
  inject(...faults: Fault[]): void;
  setFaultRates(rates: FaultRates, options?: FaultRateOptions): void;
  /**
   * Admitted calls (recorded, counted in `calls`) wait without an answer until the returned function is
   * called: a test can let work pile up in the service and know exactly when it has.
   */
  hold(): () => void;
  close(): Promise<void>;
}

export async function startFakeClarifai(options: FakeClarifaiOptions = {}): Promise<FakeClarifai> {
  const state: ServerState = {
    pats: new Set(options.pats ?? ['test-pat']),
    maxInputs: options.maxInputs ?? 128,
    maxBodyBytes: options.maxBodyBytes ?? 128 * 1024 * 1024,
    recordBytes: options.recordBytes ?? true,
    latency: options.latency,
    calls: [],
    faults: new FaultPlan(options.seed ?? 1),
    limiter: new SlidingWindowLimiter(options.ratePerSecond),
    timers: new Set(),
    seq: 0,
    inFlight: 0,
    peakInFlight: 0,
  };
  const server = createServer({ keepAlive: true }, createHandler(state));
  // No server-side request deadline: a `timeout` fault must hang until the client gives up.
  server.requestTimeout = 0;
  server.keepAliveTimeout = 10_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    calls: state.calls,
    get imagesSent() {
      return imagesIn(state.calls, () => true);
    },
    get imagesBilled() {
      return imagesIn(state.calls, (c) => !c.rateLimited);
    },
    get inFlight() {
      return state.inFlight;
    },
    get peakInFlight() {
      return state.peakInFlight;
    },
    get pendingFaults() {
      return state.faults.pending;
    },
    reset() {
      state.calls.length = 0;
      state.faults.reset();
      state.limiter.reset();
      state.peakInFlight = state.inFlight;
    },
    inject(...faults) {
      state.faults.inject(faults);
    },
    setFaultRates(rates, rateOptions) {
      state.faults.setRates(rates, rateOptions);
    },
    hold() {
      let release!: () => void;
      const held = new Promise<void>((resolve) => (release = resolve));
      state.held = held;
      return () => {
        if (state.held === held) state.held = undefined;
        release();
      };
    },
    close() {
      state.held = undefined;
      for (const t of state.timers) clearTimeout(t);
      state.timers.clear();
      return new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}

function imagesIn(calls: readonly RecordedCall[], counted: (call: RecordedCall) => boolean): number {
  let n = 0;
  for (const c of calls) if (c.path.endsWith('/outputs') && counted(c)) n += c.inputCount;
  return n;
}
