import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { RequestHandler } from 'express';

/**
 * Knows, per socket, how many requests are unanswered, so that a drain closes each keep-alive socket
 * only when nothing is in transit on it: idle ones when the listener closes, busy ones right after
 * their last response. A socket closed with a request on it is the reset a caller would see.
 */
export class ConnectionTracker {
  private readonly unanswered = new Map<Socket, number>();
  private draining = false;
  private stopped = false;

  constructor(private readonly server: Server) {
    server.on('connection', (socket: Socket) => {
      this.unanswered.set(socket, 0);
      socket.once('close', () => this.unanswered.delete(socket));
    });
    server.on('request', (req: IncomingMessage, res: ServerResponse) => this.track(req.socket, res));
  }

  get open(): number {
    return this.unanswered.size;
  }

  get busy(): number {
    let n = 0;
    for (const count of this.unanswered.values()) if (count > 0) n++;
    return n;
  }

  get isDraining(): boolean {
    return this.draining;
  }

  /** From now on every response tells its client to close the connection (see closeWhileDraining). */
  beginDrain(): void {
    this.draining = true;
  }

  /** Closes the listener and every idle socket; resolves once the last socket has closed. */
  stopAccepting(): Promise<void> {
    this.draining = true;
    this.stopped = true;
    const closed = new Promise<void>((resolve) => {
      if (!this.server.listening) return resolve();
      this.server.close(() => resolve());
    });
    this.server.closeIdleConnections();
    for (const [socket, count] of this.unanswered) if (count === 0) socket.destroy();
    return closed;
  }

  /** The last resort (a test harness's stop, or a grace period that ran out): resets what is left. */
  destroyAll(): void {
    this.server.closeAllConnections();
    for (const socket of this.unanswered.keys()) socket.destroy();
  }

  private track(socket: Socket, res: ServerResponse): void {
    if (!this.unanswered.has(socket)) return; // already closed
    this.unanswered.set(socket, this.unanswered.get(socket)! + 1);
    // 'close' follows 'finish', and also comes alone when the response was cut short: counted once either way.
    res.once('close', () => {
      const left = (this.unanswered.get(socket) ?? 1) - 1;
      if (!this.unanswered.has(socket)) return;
      this.unanswered.set(socket, left);
      // A response whose headers left before the drain had no `Connection: close`: end its socket here.
      if (left === 0 && this.stopped) socket.end();
    });
  }
}

/**
 * Express middleware: a response whose headers are written while draining carries `Connection: close`,
 * even when its request arrived before the drain began (most of ours: an operation takes its time), so
 * the client stops reusing the socket instead of sending a request into one we are about to close.
 */
export function closeWhileDraining(isDraining: () => boolean): RequestHandler {
  return (_req, res, next) => {
    if (isDraining()) {
      res.setHeader('connection', 'close');
      return next();
    }
    const writeHead = res.writeHead;
    res.writeHead = function (this: ServerResponse, ...args: unknown[]) {
      if (isDraining() && !this.headersSent) this.setHeader('connection', 'close');
      return (writeHead as (...a: unknown[]) => ServerResponse).apply(this, args);
    } as typeof res.writeHead;
    next();
  };
}
