import type { CancelSignal } from '../../util/cancellation.js';
import { availableParallelism } from 'node:os';
import { ErrorCode, ImageError } from '../../error-codes.js';
import { InferenceThread, type InferenceTask, type PendingTask } from './inference-thread.js';
import { checkOptionalPackages, type PackageCheck } from './optional-packages.js';
import type { RawOutput, WorkerOptions } from './protocol.js';

export type { InferenceTask } from './inference-thread.js';

export interface WorkerPoolOptions {
  /** Inference threads; default one per core (tfjs-wasm uses one core per thread). */
  workers?: number;
  /** Tasks sent ahead to one worker, so it decodes the next image while the model runs. */
  tasksPerWorker?: number;
  /** Tasks waiting for a worker beyond which run() fails fast with OVERLOADED. */
  maxQueue?: number;
  worker?: Partial<WorkerOptions>;
  /** Seam for tests: pretend the optional packages are (not) installed. */
  checkPackages?: () => PackageCheck;
}

/** Inference threads that each hold both local models; tasks go to the least-busy loaded one. */
export class WorkerPool {
  readonly size: number;
  readonly tasksPerWorker: number;
  /** Resolves when every worker has loaded; rejects with LOCAL_BACKEND_UNAVAILABLE. */
  readonly ready: Promise<void>;
  /** Versions of the optional packages, known before any worker has loaded. */
  readonly packageVersions: Readonly<Record<string, string>>;
  private readonly maxQueue: number;
  private readonly workerOptions: WorkerOptions;
  private readonly threads = new Set<InferenceThread>();
  private readonly queue: PendingTask[] = [];
  private failure: ImageError | undefined;
  private closed = false;
  private nextId = 0;

  constructor(options: WorkerPoolOptions = {}) {
    this.size = Math.max(1, options.workers ?? availableParallelism());
    this.tasksPerWorker = Math.max(1, options.tasksPerWorker ?? 2);
    this.maxQueue = options.maxQueue ?? 256;
    this.workerOptions = { objectMinScore: 0.2, maxObjects: 20, ...options.worker };
    const check = (options.checkPackages ?? checkOptionalPackages)();
    this.packageVersions = check.ok ? check.versions : {};
    if (check.ok) {
      this.ready = Promise.all(Array.from({ length: this.size }, () => this.spawn())).then(() => undefined);
    } else {
      this.failure = check.error;
      this.ready = Promise.reject(check.error);
    }
    // Callers may never await `ready`; a failed start must not become an unhandled rejection.
    this.ready.catch(() => undefined);
  }

  /** Runs one image; a task whose `signal` aborts before a worker took it is dropped and rejects with the reason. */
  run(task: InferenceTask, signal?: CancelSignal): Promise<RawOutput> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    if (this.failure) return Promise.reject(this.failure);
    if (this.closed) return Promise.reject(unavailable('the local backend has been closed'));
    if (this.queue.length >= this.maxQueue) {
      return Promise.reject(new ImageError(ErrorCode.OVERLOADED, 'the local backend queue is full; retry later'));
    }
    return new Promise((resolve, reject) => {
      const pending: PendingTask = { id: this.nextId++, task, resolve, reject };
      if (signal) {
        const onAbort = () => {
          const at = this.queue.indexOf(pending);
          if (at < 0) return; // a worker has it: its answer comes as usual
          this.queue.splice(at, 1);
          reject(signal.reason);
        };
        signal.addEventListener('abort', onAbort, { once: true });
        pending.resolve = (out) => (signal.removeEventListener('abort', onAbort), resolve(out));
        pending.reject = (err) => (signal.removeEventListener('abort', onAbort), reject(err));
      }
      this.queue.push(pending);
      this.pump();
    });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.stopAll(unavailable('the local backend has been closed'));
    await Promise.all([...this.threads].map((thread) => thread.terminate()));
  }

  private spawn(): Promise<void> {
    const thread = new InferenceThread(this.workerOptions, {
      onSettled: () => this.pump(),
      onExit: (gone) => this.onExit(gone),
    });
    this.threads.add(thread);
    return thread.loaded.then(
      () => this.pump(),
      (err: Error) => {
        if (this.closed) throw unavailable('the local backend was closed before its models had loaded');
        this.failure ??= unavailable(`a local model failed to load: ${err.message}`);
        // Every worker runs the same code on the same files: one failing means all will.
        this.stopAll(this.failure);
        for (const other of this.threads) void other.terminate();
        throw this.failure;
      },
    );
  }

  private onExit(thread: InferenceThread): void {
    this.threads.delete(thread);
    // A worker that crashes after loading is replaced; tasks wait in the queue meanwhile.
    if (thread.isLoaded && !this.closed && !this.failure) this.spawn().catch(() => undefined);
  }

  /** Sends queued tasks to loaded workers, fewest tasks in flight first. */
  private pump(): void {
    while (this.queue.length > 0) {
      let best: InferenceThread | undefined;
      for (const thread of this.threads) {
        if (!thread.isLoaded || thread.busy >= this.tasksPerWorker) continue;
        if (!best || thread.busy < best.busy) best = thread;
      }
      if (!best) return;
      best.send(this.queue.shift()!);
    }
  }

  private stopAll(error: ImageError): void {
    for (const pending of this.queue.splice(0)) pending.reject(error);
    for (const thread of this.threads) thread.rejectAll(error);
  }
}

function unavailable(message: string): ImageError {
  return new ImageError(ErrorCode.LOCAL_BACKEND_UNAVAILABLE, message);
}
