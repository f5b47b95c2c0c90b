import type { Caller } from './caller.js';
import { forbiddenModel } from './errors.js';

/**
 * Throws FORBIDDEN (HTTP 403) unless the caller may use the model. Matches `modelId` exactly; a caller
 * with no `models` list may use every model. Call it in the whole-field checks, before any image is read.
 */
export function assertModelAllowed(caller: Caller, modelId: string): void {
  if (caller.models && !caller.models.includes(modelId)) throw forbiddenModel(caller, modelId.slice(0, 200));
}
