import cors from 'cors';
import type { ServerResponse } from 'node:http';
import type { RequestHandler } from 'express';
import vary from 'vary';
import { z } from 'zod';

/**
 * What browsers may send cross-origin: Apollo's clients and Explorer (operation name, client
 * awareness, the CSRF preflight header the multipart spec requires), our credentials and the deadline.
 * `x-clarifai-pat` is the proposed home of a caller's Clarifai PAT when Authorization holds a JWT.
 */
export const CORS_ALLOWED_HEADERS = [
  'content-type',
  'apollo-require-preflight',
  'x-apollo-operation-name',
  'apollographql-client-name',
  'apollographql-client-version',
  'x-api-key',
  'authorization',
  'x-clarifai-pat',
  'x-request-timeout-ms',
];
/** Readable by the page: how long to back off (429/503) and how to authenticate (401). */
const EXPOSED_HEADERS = ['retry-after', 'www-authenticate'];
export const APOLLO_STUDIO_ORIGIN = 'https://studio.apollographql.com';
const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

const origin = z.string().refine((s) => {
  try {
    return new URL(s).origin === s;
  } catch {
    return false;
  }
}, 'each origin must be exactly scheme://host[:port], lower case, no path or trailing slash (e.g. https://app.example.com)');

/** CORS settings as zod fields, for the service's config schema to spread in (`...corsSettingsShape`). */
export const corsSettingsShape = {
  /** Comma-separated exact origins, or `none`. Unset: none in production, Studio and loopback pages elsewhere. */
  CORS_ORIGINS: z
    .string()
    .transform((s) =>
      s
        .split(',')
        .map((x) => x.trim())
        .filter(Boolean),
    )
    .pipe(z.union([z.tuple([z.literal('none')]).transform((): string[] => []), z.array(origin)]))
    .optional(),
  /** How long a browser may reuse a preflight's answer (Chromium caps it at 7,200). */
  CORS_MAX_AGE_S: z.coerce.number().int().min(0).max(86_400).default(600),
  /** Off: our credentials are headers, not cookies, and a page never needs the browser to attach any. */
  CORS_ALLOW_CREDENTIALS: z
    .enum(['true', 'false', '1', '0', 'yes', 'no'])
    .default('false')
    .transform((v) => v === 'true' || v === '1' || v === 'yes'),
};
const corsSettingsSchema = z.object(corsSettingsShape);
export type CorsSettings = z.infer<typeof corsSettingsSchema> & { NODE_ENV?: string };

export function parseCorsSettings(env: Record<string, string | undefined>): CorsSettings {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  return { ...corsSettingsSchema.parse(cleaned), NODE_ENV: env.NODE_ENV };
}

/** Whether a page from `requestOrigin` may call us. Exact matches only, except loopback ports in development. */
export function originAllowed(settings: CorsSettings): (requestOrigin: string | undefined) => boolean {
  if (settings.CORS_ORIGINS) {
    const exact = new Set(settings.CORS_ORIGINS);
    return (o) => o !== undefined && exact.has(o);
  }
  if (settings.NODE_ENV === 'production') return () => false;
  return (o) => {
    if (o === undefined) return false;
    if (o === APOLLO_STUDIO_ORIGIN) return true;
    try {
      const u = new URL(o);
      return u.origin === o && (u.protocol === 'http:' || u.protocol === 'https:') && LOOPBACK_HOSTS.has(u.hostname);
    } catch {
      return false;
    }
  };
}

/**
 * Answers every preflight itself (an allowed origin gets the CORS headers, any other none, so the browser
 * blocks it) and adds the origin headers to allowed actual requests. It does not refuse anything: CSRF
 * protection stays with Apollo's csrfPrevention and the multipart guard, which non-browser clients also meet.
 */
export function corsMiddleware(settings: CorsSettings): RequestHandler {
  const allowed = originAllowed(settings);
  const handle = cors({
    origin: (o, cb) => cb(null, allowed(o)),
    methods: ['GET', 'POST', 'OPTIONS'],
    allowedHeaders: CORS_ALLOWED_HEADERS,
    exposedHeaders: EXPOSED_HEADERS,
    maxAge: settings.CORS_MAX_AGE_S,
    credentials: settings.CORS_ALLOW_CREDENTIALS,
    optionsSuccessStatus: 204,
  });
  return (req, res, next) => {
    // Always, allowed or not: a shared cache must not hand one origin's answer to another.
    varyOrigin(res);
    // No Origin, no browser: a server-to-server call gets no CORS headers, so the cors package has nothing to do.
    if (req.headers.origin === undefined && req.method !== 'OPTIONS') return next();
    handle(req, res, (err?: unknown) => {
      if (err) return next(err);
      if (req.method !== 'OPTIONS') return next();
      // A disallowed preflight: answered here, without CORS headers, so it reaches nothing behind us.
      res.statusCode = 204;
      res.setHeader('content-length', '0');
      res.end();
    });
  };
}

/** `Vary: Origin`, added to what is there (Node's response API only: see direct-route.ts). */
export function varyOrigin(res: ServerResponse): void {
  // Nothing there yet on POST /graphql: the header is set without parsing an empty one.
  if (!res.hasHeader('vary')) res.setHeader('Vary', 'Origin');
  else vary(res, 'Origin');
}
