import type { QueryResolvers } from '../../generated/resolvers-types.js';

/** The calling caller's own consumption: nobody can read another caller's. */
export const usage: QueryResolvers['usage'] = async (_parent, _args, { services, request }) => {
  const caller = request.callerId ?? 'anonymous:anonymous';
  const u = await services.quotas.usage(caller, request.quota ?? {});
  const window = (w: typeof u.minute) => ({ ...w, resetsAt: new Date(w.resetsAt).toISOString() });
  return { caller, minute: window(u.minute), day: window(u.day), degraded: u.degraded };
};
