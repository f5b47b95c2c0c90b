import { Redis, type Command, type RedisOptions } from 'ioredis';

/**
 * ioredis's `commandTimeout` fails a command from a timer. After an event-loop stall (a busy replica: GC,
 * a large JSON answer) the timers phase runs before the poll phase reads the reply already waiting in the
 * socket, so commands Redis answered in time were failed and the replica fell back to its local share
 * (measured in `npm run bench -- replicas`, event loops at 100 %: 7–8 false outages per replica in 30 s).
 * Here the timer looks again after one I/O poll (setImmediate runs after it) before failing the command:
 * only a reply that has not arrived is late.
 */
export class LagAwareRedis extends Redis {
  readonly #timeoutMs: number | undefined;

  constructor(url: string, options: RedisOptions) {
    const { commandTimeout, ...rest } = options;
    super(url, rest);
    this.#timeoutMs = commandTimeout;
  }

  override sendCommand(command: Command, stream?: Parameters<Redis['sendCommand']>[1]): unknown {
    const ms = this.#timeoutMs;
    if (ms !== undefined && ms > 0) {
      const timer = setTimeout(() => setImmediate(() => command.isResolved || command.reject(new Error('Command timed out'))), ms);
      const clear = () => clearTimeout(timer);
      command.promise.then(clear, clear);
    }
    return super.sendCommand(command, stream);
  }
}
