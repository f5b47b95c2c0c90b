import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * Most of a refused body we read (to nowhere) so that the client reads our answer. A client that is
 * still sending when the server closes gets a reset instead of the response (Node's fetch reports EPIPE
 * or `fetch failed`, curl "Broken pipe"); reading costs bandwidth, so it stops here.
 */
export const DISCARD_LIMIT_BYTES = 16 * 1024 * 1024;

/**
 * Sends a refusal once the request's body has been read and dropped (counted, never buffered nor
 * spooled), so every client sees it and the connection stays usable. `send` writes the answer. A body
 * over `limit` (declared, or found while reading) is answered at once with `Connection: close`; we then
 * read up to `limit` more bytes, time for the client to take the answer in, and close the socket.
 */
export function answerAfterBody(req: IncomingMessage, res: ServerResponse, send: () => void, limit = DISCARD_LIMIT_BYTES): void {
  let read = 0;
  let answeredAt: number | undefined;
  const answer = (close: boolean) => {
    if (answeredAt !== undefined || res.headersSent) return;
    answeredAt = read;
    if (close) res.setHeader('connection', 'close');
    send();
  };
  const giveUp = () => {
    req.removeListener('data', onData);
    req.pause();
    const destroy = () => req.socket.destroy();
    if (res.writableFinished) destroy();
    else res.once('finish', destroy);
  };
  const onData = (chunk: Buffer) => {
    read += chunk.length;
    if (answeredAt === undefined && read > limit) answer(true);
    if (answeredAt !== undefined && read - answeredAt > limit) giveUp();
  };
  // A client that goes away mid-body is no error of ours.
  req.on('error', () => undefined);
  if (req.complete) return answer(false);
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) answer(true);
  req.on('data', onData);
  req.once('end', () => answer(false));
}
