/**
 * Entry of one inference thread. tfjs-wasm runs single-threaded, so the pool runs one of these per
 * core; each loads both models once, then answers predict requests one at a time.
 */
import { createRequire } from 'node:module';
import { parentPort, workerData } from 'node:worker_threads';
import type { PredictRequest, RawOutput, WorkerMessage, WorkerOptions } from '../protocol.js';
import { decodeToSquare } from './decode.js';
import { loadModerator } from './moderator.js';
import { loadObjectDetector } from './object-detector.js';
import { loadTfRuntime } from './tf-runtime.js';

const port = parentPort;
if (!port) throw new Error('inference-worker must run in a worker thread');
const options = workerData as WorkerOptions;
const send = (message: WorkerMessage) => port.postMessage(message);

async function start() {
  const require = createRequire(import.meta.url);
  const runtime = await loadTfRuntime(require);
  const detector = await loadObjectDetector(require, runtime, {
    minScore: options.objectMinScore,
    maxDetected: options.maxObjects,
  });
  const moderator = await loadModerator(runtime);

  async function infer({ kind, inputSize: size }: PredictRequest, rgb: Uint8Array): Promise<RawOutput> {
    if (kind === 'moderation') return { kind, scores: await moderator.classify(rgb, size) };
    return { kind, detections: await detector.detect(rgb, size) };
  }

  // Decoding (sharp, off this thread) may overlap, but the tfjs engine is not re-entrant: one
  // inference at a time, in arrival order.
  let inferenceChain: Promise<unknown> = Promise.resolve();

  port!.on('message', async (request: PredictRequest) => {
    const { taskId } = request;
    let rgb: Uint8Array;
    try {
      rgb = await decodeToSquare(request.image, request.inputSize);
    } catch (err) {
      send({ type: 'failed', taskId, stage: 'decode', message: messageOf(err) });
      return;
    }
    const run = inferenceChain.then(() => infer(request, rgb));
    inferenceChain = run.catch(() => undefined);
    try {
      send({ type: 'result', taskId, output: await run });
    } catch (err) {
      send({ type: 'failed', taskId, stage: 'inference', message: messageOf(err) });
    }
  });
  send({ type: 'ready' });
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

start().catch((err: unknown) => {
  send({ type: 'init-failed', message: messageOf(err) });
  port.close();
});
