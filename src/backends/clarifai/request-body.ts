import type { ModelRef, OutputOptions } from '../predict-backend.js';
import type { PreparedImage } from '../../images/prepared-image.js';

/** Clarifai's path form 3/1: user and app in the path, so the body needs no user_app_id. */
export function outputsPath(model: ModelRef): string {
  const e = encodeURIComponent;
  const version = model.versionId ? `/versions/${e(model.versionId)}` : '';
  return `/v2/users/${e(model.userId)}/apps/${e(model.appId)}/models/${e(model.modelId)}${version}/outputs`;
}

export function outputConfig(options: OutputOptions): Record<string, unknown> | undefined {
  const config: Record<string, unknown> = {};
  if (options.minValue !== undefined) config.min_value = options.minValue;
  if (options.maxConcepts !== undefined) config.max_concepts = options.maxConcepts;
  if (options.selectConcepts?.length) {
    config.select_concepts = options.selectConcepts.map((c) => (c.id !== undefined ? { id: c.id } : { name: c.name }));
  }
  return Object.keys(config).length > 0 ? config : undefined;
}

/** Input ids let us map outputs back even if Clarifai ever reorders them. */
export const inputId = (position: number): string => `in-${position}`;

/** Bytes per base64 step: a multiple of 3, so the pieces join into one valid base64 string. */
const BASE64_STEP = 768 * 1024;

/** Bodies up to this size are sent as one string: one write, no stream to pump through the event loop. */
const ONE_PIECE_BYTES = 256 * 1024;

/**
 * The JSON body: one string when small (URL batches, small images), so it leaves in the same tick the call
 * takes its rate-limit slot and reaches Clarifai when our clock says it did; else streamed pieces, base64
 * made one slice at a time while the body is sent, so a 100 MB call never holds a 100 MB string (a retry
 * simply streams again).
 */
export function requestBody(images: PreparedImage[], options: OutputOptions): string | Iterable<string> {
  const bytes = images.reduce((n, img) => n + (img.kind === 'bytes' ? img.base64Length : img.url.length), 0);
  return bytes <= ONE_PIECE_BYTES ? [...bodyPieces(images, options)].join('') : bodyPieces(images, options);
}

function* bodyPieces(images: PreparedImage[], options: OutputOptions): Generator<string> {
  const config = outputConfig(options);
  yield '{"inputs":[';
  for (const [i, image] of images.entries()) {
    const head = `${i > 0 ? ',' : ''}{"id":${JSON.stringify(inputId(i))},"data":{"image":`;
    if (image.kind === 'url') {
      yield `${head}${JSON.stringify({ url: image.url })}}}`;
      continue;
    }
    yield `${head}{"base64":"`;
    for (let at = 0; at < image.bytes.length; at += BASE64_STEP) {
      yield image.bytes.subarray(at, at + BASE64_STEP).toString('base64');
    }
    yield '"}}}';
  }
  yield ']';
  if (config) yield `,"model":{"model_version":{"output_info":{"output_config":${JSON.stringify(config)}}}}`;
  yield '}';
}
