import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { createShutdown, type ShutdownParts } from '../../../src/server/lifecycle/shutdown.js';

// The order of the drain, on fake timers: what happens at the signal, during the delay, after it.
function parts(settings = { SHUTDOWN_DELAY_MS: 5_000, SHUTDOWN_TIMEOUT_MS: 30_000 }) {
  const events: string[] = [];
  let closeListener!: () => void;
  const p = {
    readiness: { beginDrain: () => events.push('unready') },
    connections: {
      open: 3,
      busy: 2,
      beginDrain: () => events.push('connection-close'),
      stopAccepting: () => {
        events.push('stop-accepting');
        return new Promise<void>((resolve) => (closeListener = resolve));
      },
    },
    batcher: { drain: () => events.push('batcher-drain') },
    apollo: { stop: async () => void events.push('apollo-stop') },
    services: { close: async () => void events.push('services-close') },
    logger: { info: jest.fn(), warn: jest.fn(), error: jest.fn() },
    settings,
    exit: (code: number) => void events.push(`exit ${code}`),
  } satisfies ShutdownParts;
  return { p, events, socketsClosed: () => closeListener() };
}

beforeEach(() => {
  jest.useFakeTimers();
});
afterEach(() => {
  jest.useRealTimers();
});

describe('createShutdown', () => {
  it('goes unready at once, keeps accepting for the delay, and stops Apollo only after the server drained', async () => {
    const { p, events, socketsClosed } = parts();
    createShutdown(p)('SIGTERM');
    expect(events).toEqual(['unready', 'connection-close', 'batcher-drain']);

    await jest.advanceTimersByTimeAsync(4_999);
    expect(events).not.toContain('stop-accepting');
    await jest.advanceTimersByTimeAsync(1);
    expect(events.slice(3)).toEqual(['batcher-drain', 'stop-accepting']);

    // Sockets still open: nothing else may happen, however long they take (within the timeout).
    await jest.advanceTimersByTimeAsync(20_000);
    expect(events).not.toContain('apollo-stop');
    socketsClosed();
    await jest.advanceTimersByTimeAsync(0);
    expect(events.slice(5)).toEqual(['apollo-stop', 'services-close', 'exit 0']);
    // The deadline was cleared: no late exit 1.
    await jest.advanceTimersByTimeAsync(60_000);
    expect(events.filter((e) => e.startsWith('exit'))).toEqual(['exit 0']);
  });

  it('exits 1, logged, once SHUTDOWN_TIMEOUT_MS has passed since the signal', async () => {
    const { p, events } = parts({ SHUTDOWN_DELAY_MS: 1_000, SHUTDOWN_TIMEOUT_MS: 8_000 });
    createShutdown(p)('SIGINT');
    await jest.advanceTimersByTimeAsync(7_999);
    expect(events).not.toContain('exit 1');
    await jest.advanceTimersByTimeAsync(1);
    expect(events).toContain('exit 1');
    expect(events).not.toContain('apollo-stop');
    expect(p.logger.error).toHaveBeenCalledWith(expect.objectContaining({ timeoutMs: 8_000, open: 3, busy: 2 }), expect.stringMatching(/timed out/));
  });

  it('logs a second signal and keeps draining', async () => {
    const { p, events, socketsClosed } = parts({ SHUTDOWN_DELAY_MS: 0, SHUTDOWN_TIMEOUT_MS: 30_000 });
    const onSignal = createShutdown(p);
    onSignal('SIGTERM');
    onSignal('SIGINT');
    expect(p.logger.warn).toHaveBeenCalledWith({ signal: 'SIGINT' }, expect.stringMatching(/second signal/));
    await jest.advanceTimersByTimeAsync(0);
    socketsClosed();
    await jest.advanceTimersByTimeAsync(0);
    expect(events.filter((e) => e === 'unready')).toHaveLength(1);
    expect(events.at(-1)).toBe('exit 0');
  });
});
