import { LOCAL_MODELS } from '../../backends/local/catalog.js';
import { describeClarifaiGeneral, describeLocal } from '../../backends/model-catalog.js';
import type { QueryResolvers } from '../../generated/resolvers-types.js';

export const models: QueryResolvers['models'] = (_parent, _args, ctx) => {
  const { services } = ctx;
  const list = [...LOCAL_MODELS.map((m) => describeLocal(m, services.local.status)), describeClarifaiGeneral(Boolean(ctx.request.credential))];
  return list.map((m) => ({ ...m, concepts: m.concepts ? [...m.concepts] : null, conceptCount: m.concepts?.length ?? null }));
};
