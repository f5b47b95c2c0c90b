import { Worker } from 'node:worker_threads';
import type { GraphQLResponse } from './service.js';

export type ClientResponse<T> = GraphQLResponse<T> & { retryAfter: string | null };

/**
 * Sends the operations from a separate thread, as separate HTTP requests: all at once, or with at most
 * `concurrency` in flight. Answers come back in the order of `operations`.
 */
export function postConcurrently<T>(
  baseUrl: string,
  operations: Array<{ query: string; variables?: Record<string, unknown> }>,
  headers: Record<string, string> = {},
  options: { concurrency?: number } = {},
): Promise<Array<ClientResponse<T>>> {
  const bodies = operations.map((op) => JSON.stringify(op));
  const workerData = { url: `${baseUrl}/graphql`, bodies, headers, concurrency: options.concurrency };
  const worker = new Worker(new URL('./concurrent-client-worker.mjs', import.meta.url), { workerData });
  return new Promise((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
  });
}
