import { Worker } from 'node:worker_threads';
import { ErrorCode, ImageError } from '../../error-codes.js';
import type { LocalModelKind } from './catalog.js';
import type { FailureStage, PredictRequest, RawOutput, WorkerMessage, WorkerOptions } from './protocol.js';
import { inferenceWorkerScript } from './worker-script.js';

export interface InferenceTask {
  kind: LocalModelKind;
  inputSize: number;
  image: Uint8Array;
}

export interface PendingTask {
  id: number;
  task: InferenceTask;
  resolve(output: RawOutput): void;
  reject(error: ImageError): void;
}

export interface ThreadEvents {
  /** A task finished, so this thread can take another. */
  onSettled(): void;
  /** The thread is gone (crash or terminate); its in-flight tasks have been failed already. */
  onExit(thread: InferenceThread, code: number): void;
}

/** One worker thread and the tasks it is working on. */
export class InferenceThread {
  /** Settles when the worker has loaded both models (rejects with the reason it could not). */
  readonly loaded: Promise<void>;
  isLoaded = false;
  private readonly worker: Worker;
  private readonly inFlight = new Map<number, PendingTask>();

  constructor(options: WorkerOptions, events: ThreadEvents) {
    const script = inferenceWorkerScript();
    this.worker = new Worker(script.url, { workerData: options, execArgv: script.execArgv });
    this.loaded = new Promise((resolve, reject) => {
      this.worker.on('message', (message: WorkerMessage) => {
        if (message.type === 'ready') {
          this.isLoaded = true;
          resolve();
        } else if (message.type === 'init-failed') {
          reject(new Error(message.message));
        } else {
          const pending = this.inFlight.get(message.taskId);
          if (!pending) return;
          this.inFlight.delete(message.taskId);
          if (message.type === 'result') pending.resolve(message.output);
          else pending.reject(taskError(message.stage, message.message));
          events.onSettled();
        }
      });
      this.worker.on('error', reject);
      this.worker.on('exit', (code) => {
        reject(new Error(`the worker exited while loading (code ${code})`));
        this.rejectAll(new ImageError(ErrorCode.PREDICTION_FAILED, `the local inference worker stopped (code ${code})`));
        events.onExit(this, code);
      });
    });
  }

  get busy(): number {
    return this.inFlight.size;
  }

  send(pending: PendingTask): void {
    this.inFlight.set(pending.id, pending);
    // The worker gets its own copy, transferred: the caller's buffer may be shared or pooled.
    const image = new Uint8Array(pending.task.image);
    const { kind, inputSize } = pending.task;
    const request: PredictRequest = { type: 'predict', taskId: pending.id, kind, inputSize, image };
    this.worker.postMessage(request, [image.buffer]);
  }

  rejectAll(error: ImageError): void {
    for (const pending of this.inFlight.values()) pending.reject(error);
    this.inFlight.clear();
  }

  async terminate(): Promise<void> {
    await this.worker.terminate();
  }
}

function taskError(stage: FailureStage, message: string): ImageError {
  return stage === 'decode'
    ? new ImageError(ErrorCode.CORRUPT_IMAGE, `the image could not be decoded: ${message}`)
    : new ImageError(ErrorCode.PREDICTION_FAILED, `the local model failed on this image: ${message}`);
}
