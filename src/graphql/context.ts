/** Per-request context handed to resolvers. */
export interface Context {
  /** The caller's own Clarifai PAT (only when ALLOW_CALLER_PAT is on), otherwise undefined. */
  callerCredential?: string;
}
