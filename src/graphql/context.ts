import type { Services } from '../services.js';

/** Per-request context handed to resolvers. */
export interface Context {
  services: Services;
  /** The Clarifai credential for this request: the caller's own PAT when allowed, else the server's. */
  credential: string | undefined;
}
