import type { ImageInput, PredictionSource, QueryPredictArgs } from '../generated/resolvers-types.js';
import type { AnswerSource } from '../prediction/cached-load.js';
import { ImageError } from '../error-codes.js';
import { assertModelAllowed } from '../auth/models.js';
import { OverloadedRefusal, QuotaRefusal } from '../prediction/prediction-service.js';
import type { Context } from './context.js';
import { validatePredictArgs } from './predict-args.js';
import type { PredictionParent } from './resolvers/prediction-parent.js';
import { overloadedError, quotaError } from './to-graphql-error.js';

/** The arguments every predict-shaped field takes besides its images (Query.predict, Image.predictions). */
export type ModelArgs = Omit<QueryPredictArgs, 'images'>;

/**
 * The one road from a GraphQL field to the prediction service. Query.predict and Image.predictions both
 * come here, so an operation's images share upstream calls whichever field asked for them.
 */
export async function predictFor(images: readonly ImageInput[], args: ModelArgs, ctx: Context): Promise<Array<PredictionParent | ImageError>> {
  const { services } = ctx;
  let results;
  try {
    const { model, options } = validatePredictArgs({ ...args, images: [...images] }, services.predictDefaults);
    // Before any image is read or anything is sent upstream.
    assertModelAllowed(ctx.caller, model.modelId);
    const request = {
      images,
      model,
      options,
      autoOrient: args.options?.autoOrient ?? undefined,
      bypassCache: args.options?.bypassCache ?? undefined,
    };
    results = await services.prediction.predict(request, ctx.request);
  } catch (thrown) {
    const err =
      thrown instanceof OverloadedRefusal
        ? overloadedError(thrown.retryAfterSeconds, thrown.limit)
        : thrown instanceof QuotaRefusal
          ? quotaError(thrown.decision)
          : thrown;
    const code = (err as { extensions?: { code?: unknown } }).extensions?.code;
    ctx.tally?.count(typeof code === 'string' ? code : 'INTERNAL_SERVER_ERROR', images.length);
    throw err;
  }
  for (const r of results) {
    ctx.tally?.count(r instanceof ImageError ? r.code : 'OK');
    if (!(r instanceof ImageError) && r.source.cached) ctx.tally?.cacheHit();
  }
  const now = Date.now();
  return results.map((r, index) => (r instanceof ImageError ? r : { ...r.prediction, input: { index, ...r.ref }, source: sourceOf(r.source, now) }));
}

function sourceOf(source: AnswerSource, now: number): PredictionSource {
  if (!source.cached) return { cached: false, cacheLevel: null, ageSeconds: 0 };
  return {
    cached: true,
    cacheLevel: source.level === 'redis' ? 'REDIS' : 'MEMORY',
    ageSeconds: Math.max(0, Math.round((now - (source.storedAt ?? now)) / 100) / 10),
  };
}
