import { z } from 'zod';

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
  UPSTREAM_RATE_MARGIN_MS: int(35, 0, 1000),
  UPSTREAM_MAX_IN_FLIGHT: int(32, 1, 1024),
  UPSTREAM_TIMEOUT_MS: int(30_000, 100, 600_000),
  UPSTREAM_MAX_RETRIES: int(4, 0, 20),
  UPSTREAM_RETRY_BASE_MS: int(200, 1, 60_000),
  UPSTREAM_RETRY_MAX_MS: int(15_000, 1, 600_000),
  BATCH_MAX_PARTIAL_IN_FLIGHT: int(1, 1, 1024),
  BATCH_MAX_LINGER_MS: int(500, 0, 60_000),
  /** Images waiting (being prepared or queued for upstream) beyond which requests are refused with OVERLOADED. */
  MAX_QUEUED_IMAGES: int(4096, 1, 1_000_000),
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
  return parsed.data;
}
