import type { Caller } from '../auth/caller.js';
import type { RequestContext } from '../prediction/request-context.js';
import type { Services } from '../services.js';

/** Per-request context handed to resolvers. */
export interface Context {
  services: Services;
  /** Who calls (anonymous while AUTH_MODE is none): quotas, fair shares, model permissions, usage. */
  caller: Caller;
  /** Where predict fields count their images' outcomes, for the operation's log line, metrics and span. */
  tally?: { count(code: string, n?: number): void; cacheHit(): void };
  /** What travels with every image of this operation: credential, abort signal, deadline. */
  request: RequestContext;
}
