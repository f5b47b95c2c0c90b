import { Worker } from 'node:worker_threads';
import type { GraphQLResponse } from './service.js';

/** Sends every operation at once from a separate thread, as separate HTTP requests. */
export function postConcurrently<T>(baseUrl: string, operations: Array<{ query: string; variables?: Record<string, unknown> }>, headers: Record<string, string> = {}): Promise<Array<GraphQLResponse<T>>> {
  const bodies = operations.map((op) => JSON.stringify(op));
  const worker = new Worker(new URL('./concurrent-client-worker.mjs', import.meta.url), { workerData: { url: `${baseUrl}/graphql`, bodies, headers } });
  return new Promise((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
  });
}
