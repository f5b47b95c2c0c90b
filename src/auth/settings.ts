import { z } from 'zod';

export type AuthMethod = 'api-key' | 'jwt';

// Asymmetric only: a JWKS publishes public keys, and an HMAC "key" there would let anyone sign.
const ASYMMETRIC = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA', 'Ed25519'] as const;

const list = (s: string) =>
  s
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean);

const int = (def: number, min: number, max: number) => z.coerce.number().int().min(min).max(max).default(def);
const claim = (def: string) => z.string().min(1).max(200).default(def);

/**
 * The auth settings as zod fields, for the service's config schema to spread in (`...authSettingsShape`).
 * AUTH_MODE stays undefined when unset: production refuses to start without an explicit choice
 * (checkAuthStartup); everywhere else unset means none.
 */
export const authSettingsShape = {
  AUTH_MODE: z
    .string()
    .transform((s) => s.replace(/\s+/g, '').toLowerCase())
    .pipe(z.enum(['none', 'api-key', 'jwt', 'api-key,jwt', 'jwt,api-key'], { message: 'must be none, api-key, jwt or api-key,jwt' }))
    .transform((v): AuthMethod[] => (v === 'none' ? [] : (v.split(',') as AuthMethod[]).sort()))
    .optional(),
  API_KEYS_FILE: z.string().min(1).optional(),
  JWT_JWKS_URL: z.url({ protocol: /^https?$/ }).optional(),
  /** Comma-separated; a token's `iss` must be one of them. */
  JWT_ISSUER: z.string().min(1).transform(list).optional(),
  /** Comma-separated; a token's `aud` must contain one of them. */
  JWT_AUDIENCE: z.string().min(1).transform(list).optional(),
  JWT_ALGORITHMS: z
    .string()
    .default(ASYMMETRIC.join(','))
    .transform(list)
    .pipe(z.array(z.enum(ASYMMETRIC, { message: `each must be one of ${ASYMMETRIC.join(', ')}` })).min(1)),
  JWT_CLOCK_TOLERANCE_S: int(5, 0, 300),
  /** Least time between two JWKS fetches caused by tokens with an unknown `kid` (jose's cooldown). */
  JWT_JWKS_COOLDOWN_MS: int(30_000, 0, 3_600_000),
  /** Age after which the cached JWKS is fetched again before use. */
  JWT_JWKS_MAX_AGE_MS: int(600_000, 1_000, 86_400_000),
  JWT_JWKS_TIMEOUT_MS: int(5_000, 100, 60_000),
  JWT_CLAIM_IMAGES_PER_MINUTE: claim('images_per_minute'),
  JWT_CLAIM_IMAGES_PER_DAY: claim('images_per_day'),
  JWT_CLAIM_MODELS: claim('models'),
  JWT_CLAIM_WEIGHT: claim('weight'),
};

const authSettingsSchema = z.object(authSettingsShape);
export type AuthSettings = z.infer<typeof authSettingsSchema>;

/** For tests and tools: the auth settings alone, parsed the way the service's config parses them. */
export function parseAuthSettings(env: Record<string, string | undefined>): AuthSettings {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  return authSettingsSchema.parse(cleaned);
}
