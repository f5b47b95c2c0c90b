import { createRemoteJWKSet, errors, jwtVerify, type JWTPayload } from 'jose';
import type { Caller } from './caller.js';
import type { AuthSettings } from './settings.js';

/** A token refused: `reason` is for the debug log only, never for the caller. */
export class TokenRejected extends Error {
  constructor(readonly reason: string) {
    super(reason);
  }
}
/** The key set could not be fetched or read: the token may be fine. */
export class KeySetUnavailable extends Error {
  constructor(readonly reason: string) {
    super(reason);
  }
}

export type JwtSettings = Pick<
  AuthSettings,
  | 'JWT_ALGORITHMS'
  | 'JWT_CLOCK_TOLERANCE_S'
  | 'JWT_JWKS_COOLDOWN_MS'
  | 'JWT_JWKS_MAX_AGE_MS'
  | 'JWT_JWKS_TIMEOUT_MS'
  | 'JWT_CLAIM_IMAGES_PER_MINUTE'
  | 'JWT_CLAIM_IMAGES_PER_DAY'
  | 'JWT_CLAIM_MODELS'
  | 'JWT_CLAIM_WEIGHT'
> & { JWT_JWKS_URL: string; JWT_ISSUER: string[]; JWT_AUDIENCE: string[] };

// Three base64url parts, bounded: junk is refused before jose or the key set is involved.
const COMPACT_JWS = /^[A-Za-z0-9_-]{2,4096}\.[A-Za-z0-9_-]{2,8192}\.[A-Za-z0-9_-]{2,1024}$/;
const UNAVAILABLE_CODES = new Set(['ERR_JWKS_TIMEOUT', 'ERR_JWKS_INVALID', 'ERR_JOSE_GENERIC']);

/** Verifies bearer tokens against a remote JWKS, which jose caches, refreshes and refetches on unknown `kid`s. */
export class JwtVerifier {
  private readonly jwks: ReturnType<typeof createRemoteJWKSet>;

  constructor(private readonly settings: JwtSettings) {
    this.jwks = createRemoteJWKSet(new URL(settings.JWT_JWKS_URL), {
      cooldownDuration: settings.JWT_JWKS_COOLDOWN_MS,
      cacheMaxAge: settings.JWT_JWKS_MAX_AGE_MS,
      timeoutDuration: settings.JWT_JWKS_TIMEOUT_MS,
    });
  }

  async verify(token: string): Promise<Caller> {
    if (!COMPACT_JWS.test(token)) throw new TokenRejected('not a compact JWS');
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, this.jwks, {
        issuer: this.settings.JWT_ISSUER,
        audience: this.settings.JWT_AUDIENCE,
        algorithms: this.settings.JWT_ALGORITHMS,
        clockTolerance: this.settings.JWT_CLOCK_TOLERANCE_S,
        // A token without an expiry would be good forever once leaked.
        requiredClaims: ['sub', 'exp'],
      }));
    } catch (err) {
      // Only the error's code and claim: jose's errors carry the payload, which may identify the caller.
      if (err instanceof errors.JOSEError && !UNAVAILABLE_CODES.has(err.code)) {
        const claim = err instanceof errors.JWTClaimValidationFailed ? ` (${err.claim})` : '';
        throw new TokenRejected(`${err.code}${claim}`);
      }
      throw new KeySetUnavailable(err instanceof errors.JOSEError ? err.code : (err as Error).name || 'fetch failed');
    }
    return this.callerFrom(payload);
  }

  /** Malformed quota claims refuse the token: ignoring a bad `models` claim would widen access. */
  private callerFrom(payload: JWTPayload): Caller {
    const s = this.settings;
    const sub = payload.sub;
    if (typeof sub !== 'string' || sub.length === 0 || sub.length > 256) throw new TokenRejected('sub missing or too long');
    const caller: Caller = { id: sub, kind: 'jwt' };
    const perMinute = positiveInt(payload[s.JWT_CLAIM_IMAGES_PER_MINUTE], s.JWT_CLAIM_IMAGES_PER_MINUTE);
    const perDay = positiveInt(payload[s.JWT_CLAIM_IMAGES_PER_DAY], s.JWT_CLAIM_IMAGES_PER_DAY);
    const models = modelList(payload[s.JWT_CLAIM_MODELS], s.JWT_CLAIM_MODELS);
    const weight = payload[s.JWT_CLAIM_WEIGHT];
    if (weight !== undefined && !(typeof weight === 'number' && weight > 0 && weight <= 1000))
      throw new TokenRejected(`claim ${s.JWT_CLAIM_WEIGHT} malformed`);
    if (perMinute !== undefined) caller.imagesPerMinute = perMinute;
    if (perDay !== undefined) caller.imagesPerDay = perDay;
    if (models !== undefined) caller.models = models;
    if (weight !== undefined) caller.weight = weight;
    return caller;
  }
}

function positiveInt(v: unknown, name: string): number | undefined {
  if (v === undefined) return undefined;
  if (typeof v === 'number' && Number.isInteger(v) && v > 0) return v;
  throw new TokenRejected(`claim ${name} malformed`);
}

/** An array of ids, or one space-separated string (the way OAuth writes `scope`). */
function modelList(v: unknown, name: string): string[] | undefined {
  if (v === undefined) return undefined;
  const ids = typeof v === 'string' ? v.split(' ').filter(Boolean) : v;
  if (Array.isArray(ids) && ids.every((m) => typeof m === 'string' && m.length > 0 && m.length <= 200)) return ids as string[];
  throw new TokenRejected(`claim ${name} malformed`);
}
