import type { Config } from '../../config/config.js';

/** What the shutdown sequence reads of the configuration. */
export type ShutdownSettings = Pick<Config, 'SHUTDOWN_DELAY_MS' | 'SHUTDOWN_TIMEOUT_MS'>;

export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** The parts a drain steps through, as narrow interfaces so the order can be tested without a server. */
export interface ShutdownParts {
  readiness: { beginDrain(): void };
  connections: { beginDrain(): void; stopAccepting(): Promise<void>; readonly open: number; readonly busy: number };
  /** `drain()`: pending batches leave at once, without lingering (idempotent). */
  batcher: { drain(): void };
  apollo: { stop(): Promise<void> };
  services: { close(): Promise<void> };
  logger: { info(obj: object, msg: string): void; warn(obj: object, msg: string): void; error(obj: object, msg: string): void };
  settings: ShutdownSettings;
  exit(code: number): void;
  timers?: Timers;
}

const realTimers: Timers = {
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout),
};

/**
 * The drain, in the order an orchestrator needs it: unready at once (the load balancer starts taking
 * us out), keep serving for SHUTDOWN_DELAY_MS (it has not finished yet), then stop accepting and wait
 * for every accepted operation to be answered and every socket to close; only then stop Apollo and the
 * backends. Exit 0 when drained; exit 1 once SHUTDOWN_TIMEOUT_MS has passed since the signal.
 * Returns the signal handler; a second signal only logs (see docs/orchestrators.md for why).
 */
export function createShutdown(parts: ShutdownParts): (signal: string) => void {
  const { readiness, connections, apollo, services, logger, settings, exit } = parts;
  const timers = parts.timers ?? realTimers;
  const flushBatches = () => parts.batcher.drain();
  let began = false;

  const run = async (): Promise<void> => {
    await new Promise<void>((resolve) => timers.setTimeout(resolve, settings.SHUTDOWN_DELAY_MS));
    logger.info({ open: connections.open, busy: connections.busy }, 'drain: no longer accepting; answering what was accepted');
    // Batches opened during the delay must not linger either.
    flushBatches();
    await connections.stopAccepting();
    await apollo.stop();
    await services.close();
  };

  return (signal) => {
    if (began) {
      logger.warn({ signal }, 'drain: second signal ignored; still draining (SHUTDOWN_TIMEOUT_MS bounds it, SIGKILL forces)');
      return;
    }
    began = true;
    readiness.beginDrain();
    connections.beginDrain();
    flushBatches();
    logger.info({ signal, delayMs: settings.SHUTDOWN_DELAY_MS, timeoutMs: settings.SHUTDOWN_TIMEOUT_MS }, 'drain: began; /readyz answers 503');
    const deadline = timers.setTimeout(() => {
      logger.error(
        { timeoutMs: settings.SHUTDOWN_TIMEOUT_MS, open: connections.open, busy: connections.busy },
        'drain: timed out; exiting with what is still open',
      );
      exit(1);
    }, settings.SHUTDOWN_TIMEOUT_MS);
    run().then(
      () => {
        timers.clearTimeout(deadline);
        logger.info({}, 'drain: done');
        exit(0);
      },
      (err: unknown) => {
        timers.clearTimeout(deadline);
        logger.error({ err }, 'drain: failed');
        exit(1);
      },
    );
  };
}
