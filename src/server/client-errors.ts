import type http from 'node:http';
import type { Duplex } from 'node:stream';
import { ErrorCode } from '../error-codes.js';

/** Longest we keep reading the rest of a refused request before closing anyway. */
const DRAIN_MS = 2000;

/**
 * Requests Node's HTTP parser refuses (headers over --max-http-header-size, malformed request lines).
 * Node's own answer closes the socket while the client is still sending: since Node 24 that close
 * carries unread bytes, so the kernel sends a RST and the client sees ECONNRESET instead of the 431.
 * Here the answer is a JSON 4xx like every other refusal of ours, the write side is closed first, and
 * the rest of the request is read and dropped so the close is a clean FIN on every Node version.
 */
export function answerClientErrors(server: http.Server): void {
  server.on('clientError', (err: NodeJS.ErrnoException, socket: Duplex) => {
    if (!socket.writable || (err as { code?: string }).code === 'ECONNRESET') {
      socket.destroy();
      return;
    }
    const tooLarge = err.code === 'HPE_HEADER_OVERFLOW';
    const status = tooLarge ? '431 Request Header Fields Too Large' : '400 Bad Request';
    const message = tooLarge ? 'The request headers are too large.' : 'The HTTP request is malformed.';
    const code = tooLarge ? ErrorCode.PAYLOAD_TOO_LARGE : ErrorCode.BAD_USER_INPUT;
    const body = JSON.stringify({ errors: [{ message, extensions: { code } }] });
    socket.end(
      `HTTP/1.1 ${status}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
    socket.resume();
    // A client that never stops sending must not hold the socket: bounded, then closed hard.
    setTimeout(() => socket.destroy(), DRAIN_MS).unref();
  });
}
