import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

/**
 * Knows, per socket, which responses are unanswered, so that a drain closes each keep-alive socket
 * only when nothing is in transit on it: idle ones when the listener closes, busy ones right after
 * their last response. A socket closed with a request on it is the reset a caller would see.
 *
 * Once the drain begins every response not yet started carries `Connection: close`, even when its
 * request arrived before (most of ours: an operation takes its time), so clients stop reusing the
 * socket instead of sending a request into one about to close. Marked here, at the drain and on each
 * later arrival, rather than by wrapping every response's writeHead: that cost each request a closure.
 */
export class ConnectionTracker {
  private readonly unanswered = new Map<Socket, Set<ServerResponse>>();
  private draining = false;
  private stopped = false;

  constructor(private readonly server: Server) {
    server.on('connection', (socket: Socket) => {
      this.unanswered.set(socket, new Set());
      socket.once('close', () => this.unanswered.delete(socket));
    });
    server.on('request', (req: IncomingMessage, res: ServerResponse) => this.track(req.socket, res));
  }

  get open(): number {
    return this.unanswered.size;
  }

  get busy(): number {
    let n = 0;
    for (const responses of this.unanswered.values()) if (responses.size > 0) n++;
    return n;
  }

  /** From now on every response tells its client to close the connection. */
  beginDrain(): void {
    this.draining = true;
    for (const responses of this.unanswered.values()) for (const res of responses) closeAfter(res);
  }

  /** Closes the listener and every idle socket; resolves once the last socket has closed. */
  stopAccepting(): Promise<void> {
    this.beginDrain();
    this.stopped = true;
    const closed = new Promise<void>((resolve) => {
      if (!this.server.listening) return resolve();
      this.server.close(() => resolve());
    });
    this.server.closeIdleConnections();
    for (const [socket, responses] of this.unanswered) if (responses.size === 0) socket.destroy();
    return closed;
  }

  /** The last resort (a test harness's stop, or a grace period that ran out): resets what is left. */
  destroyAll(): void {
    this.server.closeAllConnections();
    for (const socket of this.unanswered.keys()) socket.destroy();
  }

  private track(socket: Socket, res: ServerResponse): void {
    const responses = this.unanswered.get(socket);
    if (!responses) return; // already closed
    if (this.draining) closeAfter(res);
    responses.add(res);
    // 'close' follows 'finish', and also comes alone when the response was cut short.
    res.once('close', () => {
      if (!responses.delete(res) || !this.unanswered.has(socket)) return;
      // A response whose headers left before the drain had no `Connection: close`: end its socket here.
      if (responses.size === 0 && this.stopped) socket.end();
    });
  }
}

function closeAfter(res: ServerResponse): void {
  if (!res.headersSent) res.setHeader('connection', 'close');
}
