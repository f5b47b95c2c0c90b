import {
  getNamedType,
  isCompositeType,
  Kind,
  SchemaMetaFieldDef,
  TypeMetaFieldDef,
  TypeNameMetaFieldDef,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLField,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValueNode,
} from 'graphql';

/** What an operation will cost before it runs. */
export interface OperationMeasure {
  /** Deepest field nesting: `{ a { b } }` is 2. Introspection's `ofType` chains do not count (see below). */
  depth: number;
  /** Image fields (aliases and repeats included), each counted once however many entities it runs for. */
  imageFields: number;
  /** Images over all image fields: list lengths, times the entities an entity field runs for. */
  images: number;
}

/**
 * Where images enter this schema. `imagesArg` names a list argument with one image per item; without it the
 * field is one image per parent object.
 */
export interface ImageFieldSpec {
  type: string;
  field: string;
  imagesArg?: string;
}
/** A field whose list argument runs its selection once per item (`_entities(representations:)`). */
export interface FanOutSpec {
  type: string;
  field: string;
  arg: string;
}

interface Walk {
  schema: GraphQLSchema;
  fragments: Map<string, FragmentDefinitionNode>;
  variables: Record<string, unknown>;
  imageFields: readonly ImageFieldSpec[];
  fanOuts: readonly FanOutSpec[];
  /** One measure per fragment: a fragment spread many times is walked once, so "fragment bombs" stay linear. */
  memo: Map<string, OperationMeasure>;
}

const NONE: OperationMeasure = { depth: 0, imageFields: 0, images: 0 };

/**
 * Measures one validated operation from its document and raw variables, expanding fragments. Image counts
 * scale linearly with fan-out, so each fragment's measure is computed once and multiplied where it is used.
 */
export function measureOperation(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown>,
  spec: { imageFields: readonly ImageFieldSpec[]; fanOuts: readonly FanOutSpec[] },
): OperationMeasure {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of document.definitions) {
    if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
  }
  const root = schema.getRootType(operation.operation);
  if (!root) return NONE;
  const walk: Walk = { schema, fragments, variables, ...spec, memo: new Map() };
  return measureSelections(walk, operation.selectionSet, root, new Set());
}

function measureSelections(w: Walk, set: SelectionSetNode, parent: GraphQLCompositeType, path: Set<string>): OperationMeasure {
  let total = NONE;
  for (const sel of set.selections) {
    let m: OperationMeasure;
    if (sel.kind === Kind.FIELD) m = measureField(w, sel, parent, path);
    else if (sel.kind === Kind.INLINE_FRAGMENT) {
      const on = sel.typeCondition ? w.schema.getType(sel.typeCondition.name.value) : parent;
      m = on && isCompositeType(on) ? measureSelections(w, sel.selectionSet, on, path) : NONE;
    } else m = measureFragment(w, sel.name.value, path);
    total = { depth: Math.max(total.depth, m.depth), imageFields: total.imageFields + m.imageFields, images: total.images + m.images };
  }
  return total;
}

function measureFragment(w: Walk, name: string, path: Set<string>): OperationMeasure {
  const cached = w.memo.get(name);
  if (cached) return cached;
  const fragment = w.fragments.get(name);
  // Validation rejects unknown and cyclic spreads; the path guard only keeps a bug from recursing forever.
  if (!fragment || path.has(name)) return NONE;
  const on = w.schema.getType(fragment.typeCondition.name.value);
  if (!on || !isCompositeType(on)) return NONE;
  const m = measureSelections(w, fragment.selectionSet, on, new Set(path).add(name));
  w.memo.set(name, m);
  return m;
}

function measureField(w: Walk, node: FieldNode, parent: GraphQLCompositeType, path: Set<string>): OperationMeasure {
  const name = node.name.value;
  const def = fieldDef(w.schema, parent, name);
  const inner = def && node.selectionSet ? childMeasure(w, node, def, path) : NONE;
  const isImageField = w.imageFields.find((f) => f.type === parent.name && f.field === name);
  const fanOut = w.fanOuts.find((f) => f.type === parent.name && f.field === name);
  const times = fanOut ? countItems(argument(node, fanOut.arg), w.variables) : 1;
  const own = isImageField ? (isImageField.imagesArg ? countItems(argument(node, isImageField.imagesArg), w.variables) : 1) : 0;
  return {
    // An `ofType` chain follows a type's wrappers (at most a few, fixed by the schema) and cannot fan out,
    // so it does not count: the standard introspection query nests it 9 deep (15 levels in all).
    depth: (parent.name === '__Type' && name === 'ofType' ? 0 : 1) + inner.depth,
    imageFields: inner.imageFields + (isImageField ? 1 : 0),
    images: own + times * inner.images,
  };
}

function childMeasure(w: Walk, node: FieldNode, def: GraphQLField<unknown, unknown>, path: Set<string>): OperationMeasure {
  const type = getNamedType(def.type);
  return isCompositeType(type) ? measureSelections(w, node.selectionSet!, type, path) : NONE;
}

function fieldDef(schema: GraphQLSchema, parent: GraphQLCompositeType, name: string): GraphQLField<unknown, unknown> | undefined {
  if (name === SchemaMetaFieldDef.name && parent === schema.getQueryType()) return SchemaMetaFieldDef;
  if (name === TypeMetaFieldDef.name && parent === schema.getQueryType()) return TypeMetaFieldDef;
  if (name === TypeNameMetaFieldDef.name) return TypeNameMetaFieldDef;
  return 'getFields' in parent ? parent.getFields()[name] : undefined;
}

function argument(node: FieldNode, name: string): ValueNode | undefined {
  return node.arguments?.find((a) => a.name.value === name)?.value;
}

/** Items a list argument will hold after coercion: a lone value becomes a list of one (GraphQL spec). */
function countItems(value: ValueNode | undefined, variables: Record<string, unknown>): number {
  if (!value || value.kind === Kind.NULL) return 0;
  if (value.kind === Kind.LIST) return value.values.length;
  if (value.kind === Kind.VARIABLE) {
    const v = variables[value.name.value];
    if (v === undefined || v === null) return 0;
    return Array.isArray(v) ? v.length : 1;
  }
  return 1;
}
