import { allConceptsFor, applyOutputConfig, imageKey, isKnownConcept } from './concepts.js';
import { errorBody, modelBlock, newId, output, status, topStatus, type Status } from './responses.js';
import { Code } from './status-codes.js';
import type { ParsedInput, ParsedRequest } from './validate-request.js';
import type { Route } from './routes.js';

export interface PredictResult {
  httpStatus: number;
  body: object;
  topCode: number;
  /** Per-input codes in input order; undefined when the whole call failed before any input. */
  inputCodes?: number[];
}

export const MISSING_MODEL_ID = 'does-not-exist';
const MAX_CONCEPTS_LIMIT = 200;

const whole = (httpStatus: number, code: number, details: string): PredictResult => ({ httpStatus, topCode: code, body: errorBody(code, details) });

export function predict(req: ParsedRequest, route: Route, mixed?: { failIndexes: number[]; code?: number }): PredictResult {
  if (route.modelId === MISSING_MODEL_ID || route.versionId === MISSING_MODEL_ID) {
    return whole(
      404,
      Code.MODEL_DOES_NOT_EXIST,
      `Model '${route.modelId}' (version '${route.versionId ?? 'latest'}') does not exist for user '${req.userId}', app '${req.appId}'`,
    );
  }
  const config = req.outputConfig;
  if ((config.max_concepts ?? 0) > MAX_CONCEPTS_LIMIT) {
    return whole(400, Code.MODEL_INVALID_ARGUMENT, `max_concepts must be between 0 and ${MAX_CONCEPTS_LIMIT}`);
  }
  if (config.select_concepts?.length && !config.select_concepts.some(isKnownConcept)) {
    return whole(400, Code.MODEL_INVALID_ARGUMENT, 'None of the select_concepts match a concept of this model');
  }

  const model = modelBlock({ modelId: route.modelId, versionId: route.versionId, userId: req.userId, appId: req.appId });
  const failing = new Set(mixed?.failIndexes ?? []);
  const outputs: object[] = [];
  const inputCodes: number[] = [];
  req.inputs.forEach((input, i) => {
    const st = failing.has(i) ? status(mixed?.code ?? Code.INPUT_DOWNLOAD_FAILED, 'Injected per-input failure') : inputStatus(input);
    const concepts =
      st.code === Code.SUCCESS ? applyOutputConfig(allConceptsFor(imageKey(input), route.modelId, req.userId, req.appId), config) : undefined;
    inputCodes.push(st.code);
    outputs.push(output({ inputId: input.id, kind: input.kind, url: input.url, status: st, concepts }, model));
  });

  const failed = inputCodes.filter((c) => c !== Code.SUCCESS).length;
  let top: Status;
  let httpStatus: number;
  if (failed === 0) [top, httpStatus] = [topStatus(Code.SUCCESS), 200];
  else if (failed < inputCodes.length) [top, httpStatus] = [topStatus(Code.MIXED_STATUS), 207];
  // A lone input's failure is reported as the top status itself (clarifai-python-grpc test_failed_predict).
  else if (inputCodes.length === 1) [top, httpStatus] = [{ ...(outputs[0] as { status: Status }).status, req_id: newId() }, 400];
  else [top, httpStatus] = [topStatus(Code.FAILURE), 400];
  return { httpStatus, topCode: top.code, inputCodes, body: { status: top, outputs } };
}

function inputStatus(input: ParsedInput): Status {
  if (input.error) return status(input.error.code, input.error.details);
  if (input.kind === 'url') {
    let parsed: URL | undefined;
    try {
      parsed = new URL(input.url!);
    } catch {
      parsed = undefined;
    }
    if (!parsed || (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')) {
      return status(Code.INPUT_INVALID_URL, `Invalid URL: ${input.url}`);
    }
    if (input.url!.includes('fail-download')) return status(Code.INPUT_DOWNLOAD_FAILED, `Failed to download ${input.url}`);
  }
  return status(Code.SUCCESS);
}
