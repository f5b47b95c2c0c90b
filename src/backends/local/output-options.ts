import { ErrorCode, ImageError } from '../../error-codes.js';
import type { ConceptResult, OutputOptions, RegionResult } from '../predict-backend.js';
import type { LocalConcept, LocalModelInfo } from './catalog.js';
import type { LocalResult } from './to-prediction.js';

/**
 * Resolves `selectConcepts` (by id, or by name case-insensitively) against the model's vocabulary.
 * An unknown concept is a caller mistake worth reporting rather than silently answering nothing.
 */
export function resolveSelection(model: LocalModelInfo, options: OutputOptions): LocalConcept[] | ImageError | undefined {
  if (!options.selectConcepts?.length) return undefined;
  const selected: LocalConcept[] = [];
  for (const wanted of options.selectConcepts) {
    const match = model.concepts.find(
      (c) => (wanted.id !== undefined && c.id === wanted.id) || (wanted.name !== undefined && c.name.toLowerCase() === wanted.name.toLowerCase()),
    );
    if (!match) {
      const label = wanted.id ?? wanted.name ?? '(empty)';
      return new ImageError(ErrorCode.MODEL_INVALID_ARGUMENT, `model ${model.id} has no concept "${label}"`);
    }
    if (!selected.includes(match)) selected.push(match);
  }
  return selected;
}

/**
 * Applies the output options to one result: selection first (a selected concept the detector did
 * not find is reported with value 0, so every concept asked about gets an answer), then minValue,
 * then maxConcepts. Regions keep only concepts that pass; a region left with none is dropped.
 */
export function applyOutputOptions(result: LocalResult, options: OutputOptions, selection: LocalConcept[] | undefined): LocalResult {
  return {
    concepts: filterConcepts(result.concepts, options, selection, true),
    regions: result.regions.flatMap((region): RegionResult[] => {
      const concepts = filterConcepts(region.concepts, options, selection, false);
      return concepts.length > 0 ? [{ ...region, concepts }] : [];
    }),
  };
}

function filterConcepts(
  concepts: ConceptResult[],
  { minValue, maxConcepts }: OutputOptions,
  selection: LocalConcept[] | undefined,
  fillMissing: boolean,
): ConceptResult[] {
  let out = concepts;
  if (selection) {
    const byId = new Map(concepts.map((c) => [c.id, c]));
    out = selection.flatMap((s) => {
      const found = byId.get(s.id);
      if (found) return [found];
      return fillMissing ? [{ id: s.id, name: s.name, value: 0 }] : [];
    });
    out.sort((a, b) => b.value - a.value);
  }
  if (minValue !== undefined) out = out.filter((c) => c.value >= minValue);
  if (maxConcepts !== undefined && maxConcepts > 0) out = out.slice(0, maxConcepts);
  return out;
}
