import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Redis } from 'ioredis';
import { createRedis } from '../../src/redis/create-redis.js';
import { startRedisServer, type RedisServer } from '../support/redis-server.js';

let server: RedisServer;
const opened: Redis[] = [];

beforeAll(async () => {
  server = await startRedisServer();
});

afterAll(async () => {
  for (const c of opened) c.disconnect();
  await server.close();
});

async function ready(redis: Redis): Promise<Redis> {
  opened.push(redis);
  if (redis.status !== 'ready') await new Promise((resolve) => redis.once('ready', resolve));
  return redis;
}

/** What a busy replica does to its event loop: nothing else runs for `ms` (the reply arrives meanwhile). */
function stall(ms: number): void {
  const end = performance.now() + ms;
  while (performance.now() < end);
}

describe('command timeouts against a real redis-server', () => {
  it('a reply that came in time is not failed because this process was too busy to read it', async () => {
    const plain = await ready(new Redis(server.url, { commandTimeout: 100, maxRetriesPerRequest: 0 }));
    const ours = await ready(createRedis(server.url, undefined, { commandTimeout: 100 }));
    const before = plain.ping();
    const after = ours.ping();
    stall(300);
    // ioredis's own timer fires before the poll phase reads the waiting reply; ours looks after it.
    await expect(before).rejects.toThrow('Command timed out');
    await expect(after).resolves.toBe('PONG');
  });

  it('a server that does not answer still fails the command after the timeout', async () => {
    const ours = await ready(createRedis(server.url, undefined, { commandTimeout: 100 }));
    server.freeze();
    try {
      await expect(ours.ping()).rejects.toThrow('Command timed out');
    } finally {
      server.thaw();
    }
    await expect(ours.ping()).resolves.toBe('PONG');
  });
});
