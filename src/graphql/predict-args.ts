import type { ModelRef, OutputOptions } from '../backends/predict-backend.js';
import { ErrorCode } from '../error-codes.js';
import type { QueryPredictArgs } from '../generated/resolvers-types.js';
import type { PredictDefaults } from '../prediction/predict-defaults.js';
import { userError } from './to-graphql-error.js';

const MAX_SELECT = 200;

/** Whole-field checks: a failure here fails the field with one clear error, before any image work. */
export function validatePredictArgs(args: QueryPredictArgs, d: PredictDefaults): { model: ModelRef; options: OutputOptions } {
  if (args.images.length === 0) {
    throw userError(ErrorCode.EMPTY_IMAGE_LIST, 'images is empty: send at least one image.');
  }
  if (args.images.length > d.maxImagesPerOperation) {
    throw userError(
      ErrorCode.TOO_MANY_IMAGES,
      `images has ${args.images.length} entries; this server accepts at most ${d.maxImagesPerOperation} per operation. Split them over several operations.`,
      { limit: d.maxImagesPerOperation },
    );
  }
  const model: ModelRef = {
    modelId: args.modelId,
    userId: args.userId ?? d.userId,
    appId: args.appId ?? d.appId,
    ...(args.modelVersionId ? { versionId: args.modelVersionId } : {}),
  };
  for (const [name, value] of Object.entries({
    modelId: args.modelId,
    modelVersionId: args.modelVersionId,
    userId: args.userId,
    appId: args.appId,
  })) {
    if (value !== undefined && value !== null && !/^[A-Za-z0-9_.-]{1,128}$/.test(value)) {
      throw userError(ErrorCode.BAD_USER_INPUT, `${name} must be 1-128 letters, digits, '_', '.' or '-'.`);
    }
  }
  return { model, options: validateOptions(args.options ?? undefined) };
}

function validateOptions(o: QueryPredictArgs['options']): OutputOptions {
  if (!o) return {};
  const bad = (message: string) => userError(ErrorCode.INVALID_PREDICT_OPTIONS, message);
  const options: OutputOptions = {};
  if (o.minValue !== undefined && o.minValue !== null) {
    if (!(o.minValue >= 0 && o.minValue <= 1)) throw bad(`options.minValue must be between 0 and 1 (got ${o.minValue}).`);
    options.minValue = o.minValue;
  }
  if (o.maxConcepts !== undefined && o.maxConcepts !== null) {
    if (o.maxConcepts < 1 || o.maxConcepts > 200) throw bad(`options.maxConcepts must be between 1 and 200 (got ${o.maxConcepts}).`);
    options.maxConcepts = o.maxConcepts;
  }
  if (o.selectConcepts) {
    if (o.selectConcepts.length > MAX_SELECT) throw bad(`options.selectConcepts may name at most ${MAX_SELECT} concepts.`);
    options.selectConcepts = o.selectConcepts.map((c, i) => {
      const id = c.id ?? undefined;
      const name = c.name ?? undefined;
      if ((id === undefined) === (name === undefined)) throw bad(`options.selectConcepts[${i}] must set exactly one of id or name.`);
      return id !== undefined ? { id } : { name: name! };
    });
  }
  return options;
}
