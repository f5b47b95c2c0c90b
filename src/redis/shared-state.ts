import type { Redis } from 'ioredis';
import type { Config } from '../config/config.js';
import type { LimiterFactory } from '../limiter/limiter.js';
import { LocalLimiter } from '../limiter/local-limiter.js';
import { RedisLimiter } from '../limiter/redis-limiter.js';
import { ReplicaRegistry } from '../limiter/replica-registry.js';
import type { Logger } from '../logger.js';
import { createRedis } from './create-redis.js';

/** What /readyz, /metrics and the log say about Redis. */
export interface SharedStateReport {
  /** `local`: no REDIS_URL; `shared`: every limiter on Redis; `degraded`: some on their local fallback. */
  mode: 'local' | 'shared' | 'degraded';
  replicas: number;
  redisErrors: number;
  degradedSeconds: number;
  /** Starts the start log held back (a call before them left late): capacity lost to busy replicas. */
  heldStarts: number;
}

/**
 * The default margin a call's rate slot holds beyond 1 s. One process stamps each call as it leaves, so only
 * the trip to Clarifai jitters: 35 ms. Replicas log each start on Redis's clock, and again when its request
 * has been handed to the transport (CallPermit.sent), so the start log's half of the margin (25 ms) covers
 * only the trip from there to Clarifai; the other half is slack that absorbs a start held back behind a late
 * one. Three replicas on 2 cores (`npm run bench -- replicas`, ~200 attempts per 15 s run): none throttled
 * in seven runs at 0.91-0.95 of the ceiling with 50 ms; 100 ms capped the rate at 0.91 of the account's.
 */
const LOCAL_MARGIN_MS = 35;
const SHARED_MARGIN_MS = 50;

/**
 * What the replicas share through Redis when REDIS_URL is set: the rate limit of each credential (a GCRA
 * reservation on Redis's clock), a throttle's pause, and the replica count that sizes each replica's
 * share while Redis is down. Without REDIS_URL every limiter is this process's own, as before.
 */
export class SharedState {
  readonly redis: Redis | undefined;
  private readonly registry: ReplicaRegistry | undefined;
  /**
   * Held weakly: the backend drops a credential's idle limiter (one per caller PAT seen would grow without
   * end), and this report must not keep it alive. Its totals go with it; the metrics' counters stay.
   */
  private readonly limiters = new Set<WeakRef<RedisLimiter>>();

  constructor(
    private readonly config: Config,
    private readonly logger: Logger,
  ) {
    if (!config.REDIS_URL) return;
    this.redis = createRedis(config.REDIS_URL, logger, { commandTimeout: config.REDIS_COMMAND_TIMEOUT_MS });
    this.registry = new ReplicaRegistry({ redis: this.redis, ...(config.REPLICA_ID ? { id: config.REPLICA_ID } : {}), logger });
    void this.registry.start().catch((err: unknown) => logger.warn({ err: (err as Error).message }, 'replica registry did not start; retrying'));
  }

  /** The limiter factory for a backend: per credential, shared through Redis when configured. */
  limiterFactory(): LimiterFactory {
    const { UPSTREAM_RATE_LIMIT_PER_SECOND: ratePerSecond, UPSTREAM_MAX_IN_FLIGHT: maxInFlight } = this.config;
    const { redis, registry } = this;
    const marginMs = this.config.UPSTREAM_RATE_MARGIN_MS ?? (redis ? SHARED_MARGIN_MS : LOCAL_MARGIN_MS);
    const local = (rate: number) => new LocalLimiter({ ratePerSecond: rate, maxInFlight, marginMs });
    if (!redis || !registry) return () => local(ratePerSecond);
    return (key) => {
      const limiter = new RedisLimiter({
        redis,
        key,
        ratePerSecond,
        maxInFlight,
        marginMs,
        replicas: registry,
        fallback: local,
        logger: this.logger,
        onModeChange: (mode, reason) =>
          this.logger.warn(
            { limiter: key, mode, reason },
            mode === 'fallback' ? 'rate limit on local fallback (Redis unavailable)' : 'rate limit shared through Redis again',
          ),
      });
      this.limiters.add(new WeakRef(limiter));
      return limiter;
    };
  }

  report(): SharedStateReport {
    if (!this.redis) return { mode: 'local', replicas: 1, redisErrors: 0, degradedSeconds: 0, heldStarts: 0 };
    let errors = 0;
    let degradedMs = 0;
    let held = 0;
    let degraded = this.redis.status !== 'ready';
    for (const ref of this.limiters) {
      const l = ref.deref();
      if (!l) {
        this.limiters.delete(ref);
        continue;
      }
      const s = l.stats;
      errors += s.redisErrors;
      degradedMs += s.degradedMs;
      held += s.heldStarts;
      degraded ||= l.degraded;
    }
    const replicas = this.registry?.count ?? 1;
    return { mode: degraded ? 'degraded' : 'shared', replicas, redisErrors: errors, degradedSeconds: degradedMs / 1000, heldStarts: held };
  }

  async close(): Promise<void> {
    await this.registry?.stop().catch(() => undefined);
    this.redis?.disconnect();
  }
}
