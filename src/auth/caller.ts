/**
 * Who is calling. Quotas, fair shares and usage key on `kind` + `id` together: an API key's id and a
 * JWT's `sub` come from different authorities and may collide.
 */
export interface Caller {
  id: string;
  kind: 'api-key' | 'jwt' | 'anonymous';
  /** Unset: the service's default applies. */
  imagesPerMinute?: number;
  imagesPerDay?: number;
  /** Model ids this caller may use; unset means every model. */
  models?: string[];
  /** Share of the upstream capacity relative to other callers (1 when unset). */
  weight?: number;
}

/** Every request when AUTH_MODE=none (and requests that cannot carry an operation, such as preflights). */
export const ANONYMOUS: Caller = Object.freeze({ id: 'anonymous', kind: 'anonymous' }) as Caller;
