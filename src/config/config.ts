import { z } from 'zod';
import { authSettingsShape } from '../auth/settings.js';
import { checkAuthStartup } from '../auth/startup.js';
import { corsSettingsShape } from '../server/cors.js';

const MB = 1024 * 1024;

const int = (def: number, min: number, max: number) => z.coerce.number().int().min(min).max(max).default(def);
const bool = (def: boolean) =>
  z
    .enum(['true', 'false', '1', '0', 'yes', 'no'])
    .default(def ? 'true' : 'false')
    .transform((v) => v === 'true' || v === '1' || v === 'yes');
/** A switch whose default depends on another setting: undefined when unset. */
const optionalBool = () =>
  z
    .enum(['true', 'false', '1', '0', 'yes', 'no'])
    .optional()
    .transform((v) => (v === undefined ? undefined : v === 'true' || v === '1' || v === 'yes'));

/** Every setting, read once from the environment. Names are the env variables (see README). */
const schema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: int(4000, 0, 65535),
  HOST: z.string().min(1).default('0.0.0.0'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),

  CLARIFAI_PAT: z.string().min(1).optional(),
  CLARIFAI_API_BASE: z.url({ protocol: /^https?$/ }).default('https://api.clarifai.com'),
  CLARIFAI_USER_ID: z.string().min(1).default('clarifai'),
  CLARIFAI_APP_ID: z.string().min(1).default('main'),
  ALLOW_CALLER_PAT: bool(false),

  MAX_IMAGES_PER_OPERATION: int(1024, 1, 100_000),
  MAX_PREDICT_FIELDS_PER_OPERATION: int(32, 1, 10_000),
  MAX_QUERY_DEPTH: int(12, 1, 1_000),
  /** Unset: on unless NODE_ENV is production. A federated router needs none (it reads `_service { sdl }`). */
  INTROSPECTION: optionalBool(),
  JSON_BODY_LIMIT_MB: int(64, 1, 1024),
  MAX_FILE_BYTES: int(20 * MB, 1, 20 * MB),
  MAX_FILES_PER_REQUEST: int(256, 1, 10_000),
  MAX_REQUEST_BYTES: int(2816 * MB, 1024, 64 * 1024 * MB),
  MAX_IMAGE_PIXELS: int(85_000_000, 1, 85_000_000),
  IN_FLIGHT_IMAGE_BYTES: int(256 * MB, MB, 16 * 1024 * MB),
  AUTO_ORIENT: bool(true),
  UPSTREAM_MAX_IMAGES_PER_CALL: int(128, 1, 128),
  UPSTREAM_MAX_BYTES_PER_CALL: int(100 * MB, 1024, 127 * MB),
  UPSTREAM_RATE_LIMIT_PER_SECOND: int(15, 1, 10_000),
  // Unset: 35 ms for one process, 100 ms for replicas sharing Redis (src/redis/shared-state.ts says why).
  UPSTREAM_RATE_MARGIN_MS: z.coerce.number().int().min(0).max(1000).optional(),
  UPSTREAM_MAX_IN_FLIGHT: int(32, 1, 1024),
  UPSTREAM_TIMEOUT_MS: int(30_000, 100, 600_000),
  UPSTREAM_MAX_RETRIES: int(4, 0, 20),
  UPSTREAM_RETRY_BASE_MS: int(200, 1, 60_000),
  UPSTREAM_RETRY_MAX_MS: int(15_000, 1, 600_000),
  BATCH_MAX_PARTIAL_IN_FLIGHT: int(1, 1, 1024),
  BATCH_MAX_LINGER_MS: int(500, 0, 60_000),
  /** Images waiting (being prepared or queued for upstream) beyond which requests are refused with OVERLOADED. */
  MAX_QUEUED_IMAGES: int(4096, 1, 1_000_000),
  /** Every operation's deadline; a caller may shorten it with `x-request-timeout-ms`. Below common LB limits (60 s). */
  REQUEST_TIMEOUT_MS: int(60_000, 100, 3_600_000),
  /** A retry starts only if this much time is left after its backoff. */
  UPSTREAM_MIN_ATTEMPT_MS: int(1_000, 0, 600_000),
  BREAKER_FAILURES: int(5, 1, 1_000),
  BREAKER_TIMEOUTS: int(2, 1, 1_000),
  BREAKER_COOLDOWN_MS: int(5_000, 100, 600_000),
  /** Time between a SIGTERM and closing the listener, for load balancers to stop sending (5000 under Kubernetes). */
  SHUTDOWN_DELAY_MS: int(0, 0, 600_000),
  /** Budget from the signal to exit; past it the process exits 1 with what was still open. */
  SHUTDOWN_TIMEOUT_MS: int(30_000, 1, 3_600_000),
  /** Shared state for replicas (rate limit, throttle pause, cache level 2, quotas); unset: one process alone. */
  REDIS_URL: z.url({ protocol: /^rediss?$/ }).optional(),
  /** A Redis command slower than this is abandoned and its caller uses the local fallback. */
  REDIS_COMMAND_TIMEOUT_MS: int(250, 10, 10_000),
  /** This replica's name in the registry (e.g. the pod name); random when unset. */
  REPLICA_ID: z.string().min(1).max(200).optional(),
  /** The prediction cache in this process, by serialised bytes; 0 turns the memory level off. */
  PREDICTION_CACHE_MB: int(64, 0, 64 * 1024),
  PREDICTION_CACHE_BYTES_TTL_MS: int(86_400_000, 1_000, 30 * 86_400_000),
  /** Shorter: the picture behind a URL can change. */
  PREDICTION_CACHE_URL_TTL_MS: int(600_000, 1_000, 30 * 86_400_000),
  PREDICTION_CACHE_ALIAS_TTL_MS: int(300_000, 1_000, 86_400_000),
  PREDICTION_CACHE_REDIS_TIMEOUT_MS: int(50, 1, 10_000),
  PREDICTION_CACHE_REDIS_COOLDOWN_MS: int(1_000, 0, 600_000),
  /** Model ids whose cached answers every credential may share (public models whose answers do not depend on the account). */
  PREDICTION_CACHE_PUBLIC_MODELS: z
    .string()
    .default('')
    .transform(
      (v) =>
        new Set(
          v
            .split(',')
            .map((m) => m.trim())
            .filter(Boolean),
        ),
    ),
  /** Defaults for callers whose key entry or token names no quota; unset: unlimited. */
  QUOTA_IMAGES_PER_MINUTE: z.coerce.number().int().min(1).optional(),
  QUOTA_IMAGES_PER_DAY: z.coerce.number().int().min(1).optional(),
  QUOTA_REDIS_TIMEOUT_MS: int(50, 1, 10_000),
  /** Callers with their own label on the per-caller metrics; the rest are counted as "other". */
  METRIC_CALLERS: int(100, 1, 10_000),
  ...authSettingsShape,
  ...corsSettingsShape,
  LOCAL_MODELS: bool(true),
  LOCAL_WORKERS: int(0, 0, 64),
  // Step 10: front door
  /** Unset: graphiql (self-hosted, works offline) outside production, off in production. */
  EXPLORER: z.enum(['graphiql', 'sandbox', 'off']).optional(),
  /** Unset: the /demo page is on outside production, off in production. */
  DEMO: optionalBool(),
});

export type Config = z.infer<typeof schema>;

export class ConfigError extends Error {}

/** Parses and validates; a bad value throws a ConfigError naming each bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = schema.safeParse(cleaned);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const authProblem = checkAuthStartup(parsed.data);
  if (authProblem) throw new ConfigError(`Invalid configuration:\n  ${authProblem}`);
  return parsed.data;
}
