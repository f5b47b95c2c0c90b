import type { RequestContext } from '../prediction/request-context.js';
import type { Services } from '../services.js';

/** Per-request context handed to resolvers. */
export interface Context {
  services: Services;
  /** What travels with every image of this operation: credential, abort signal, deadline. */
  request: RequestContext;
}
