// The TypeScript side of the limiter's Lua scripts (limiter-lua.ts): arguments in, typed replies out.
import type { Redis } from 'ioredis';
import { HEARTBEAT_LUA, PAUSE_LUA, RESERVE_LUA, SENT_LUA, START_LUA } from './limiter-lua.js';

export interface Reservation {
  granted: boolean;
  /** Granted: ms until the (first) slot starts, rounded up. Refused: ms beyond the horizon. */
  ms: number;
  epoch: string;
  /** A single slot due at once (with a start log) and started by the reservation: its member in the log. */
  member?: string;
  /** A single slot due at once that the log held back: ms until it may try again. */
  holdMs?: number;
}

/** The credential's keys: its hash and its start log (both under one Cluster hash tag). */
export interface LimiterKeys {
  hash: string;
  starts: string;
}

/** A start log's limit: at most `rate` starts in any `windowUs`. */
export interface StartLog {
  rate: number;
  windowUs: number;
}

/** start()'s reply: started, held back by the log (try again `holdMs` ahead), or void (the epoch changed). */
export type StartOutcome = { started: true; member: string } | { started: false; holdMs: number } | { started: false; voided: true };

export interface LimiterScripts {
  reserve(keys: LimiterKeys, intervalUs: number, n: number, horizonUs: number, graceMs: number, log?: StartLog): Promise<Reservation>;
  start(keys: LimiterKeys, epoch: string, intervalUs: number, log: StartLog, graceMs: number): Promise<StartOutcome>;
  /** The call started as `member` has left: its entry moves to now (SENT_LUA). */
  sent(keys: LimiterKeys, member: string, log: StartLog, graceMs: number): Promise<void>;
  pause(key: string, ms: number, graceMs: number): Promise<void>;
  heartbeat(key: string, replicaId: string, ttlMs: number): Promise<number>;
}

type ScriptFn = (...keysThenArgs: Array<string | number>) => Promise<unknown>;

/**
 * ioredis's defineCommand sends EVALSHA and falls back to EVAL on NOSCRIPT, so a restarted Redis (empty
 * script cache) needs nothing from us. Defining is per client and idempotent here.
 */
function command(redis: Redis, name: string, lua: string, numberOfKeys: number): ScriptFn {
  const table = redis as unknown as Record<string, ScriptFn | undefined>;
  if (typeof table[name] !== 'function') redis.defineCommand(name, { numberOfKeys, lua });
  return (...keysThenArgs) => (table[name] as ScriptFn).call(redis, ...keysThenArgs);
}

const toMs = (us: unknown) => Math.ceil(Number(us) / 1000);

export function limiterScripts(redis: Redis): LimiterScripts {
  const reserve = command(redis, 'predictLimiterReserve', RESERVE_LUA, 2);
  const start = command(redis, 'predictLimiterStart', START_LUA, 2);
  const sent = command(redis, 'predictLimiterSent', SENT_LUA, 1);
  const pause = command(redis, 'predictLimiterPause', PAUSE_LUA, 1);
  const heartbeat = command(redis, 'predictReplicaHeartbeat', HEARTBEAT_LUA, 1);
  return {
    async reserve(keys, intervalUs, n, horizonUs, graceMs, log) {
      const args = [Math.ceil(intervalUs), n, Math.floor(horizonUs), graceMs, log?.rate ?? 0, Math.ceil(log?.windowUs ?? 0)];
      const [ok, us, epoch, hold] = (await reserve(keys.hash, keys.starts, ...args)) as [number, number, string, number | string | undefined];
      const r: Reservation = { granted: ok === 1, ms: toMs(us), epoch: String(epoch) };
      if (typeof hold === 'string') r.member = hold;
      else if (hold !== undefined && hold >= 0) r.holdMs = toMs(hold);
      return r;
    },
    async start(keys, epoch, intervalUs, log, graceMs) {
      const reply = await start(keys.hash, keys.starts, epoch, Math.ceil(intervalUs), log.rate, Math.ceil(log.windowUs), graceMs);
      if (typeof reply === 'string') return { started: true, member: reply };
      const us = Number(reply);
      return us < 0 ? { started: false, voided: true } : { started: false, holdMs: toMs(us) };
    },
    async sent(keys, member, log, graceMs) {
      await sent(keys.starts, member, Math.ceil(log.windowUs / 1000) + graceMs);
    },
    async pause(key, ms, graceMs) {
      await pause(key, Math.ceil(ms), graceMs);
    },
    async heartbeat(key, replicaId, ttlMs) {
      return Number(await heartbeat(key, replicaId, ttlMs));
    },
  };
}
