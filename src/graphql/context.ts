import type { Caller } from '../auth/caller.js';
import type { RequestContext } from '../prediction/request-context.js';
import type { Services } from '../services.js';

/** Per-request context handed to resolvers. */
export interface Context {
  services: Services;
  /** Who calls (anonymous while AUTH_MODE is none): quotas, fair shares, model permissions, usage. */
  caller: Caller;
  /** What travels with every image of this operation: credential, abort signal, deadline. */
  request: RequestContext;
}
