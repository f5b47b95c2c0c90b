import type { IncomingMessage } from 'node:http';

export interface BodyRead {
  /** Undefined once the limit was reached: the rest was drained, not kept. */
  body?: Buffer;
  bytes: number;
  tooLarge: boolean;
  /** The client went away before the body ended. */
  aborted: boolean;
}

/**
 * Reads the whole body but keeps at most `limit` bytes: a huge upload costs the fake no memory past
 * the limit, and the client still gets an answer instead of a socket error mid-upload.
 */
export function readBody(req: IncomingMessage, limit: number): Promise<BodyRead> {
  return new Promise((resolve) => {
    let chunks: Buffer[] | undefined = [];
    let bytes = 0;
    let done = false;
    const finish = (aborted: boolean): void => {
      if (done) return;
      done = true;
      resolve({ body: chunks ? Buffer.concat(chunks, bytes) : undefined, bytes, tooLarge: !chunks, aborted });
    };
    req.on('data', (chunk: Buffer) => {
      bytes += chunk.length;
      if (chunks && bytes >= limit) chunks = undefined;
      else chunks?.push(chunk);
    });
    req.on('end', () => finish(false));
    req.on('error', () => finish(true));
    req.on('close', () => finish(!req.complete));
  });
}
