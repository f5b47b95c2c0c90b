import { describe, expect, it } from '@jest/globals';
import { getIntrospectionQuery, getOperationAST, parse, validate, type GraphQLSchema } from 'graphql';
import { measureOperation, type OperationMeasure } from '../../src/graphql/limits/measure-operation.js';
import { buildSchema } from '../../src/graphql/schema.js';

const schema: GraphQLSchema = buildSchema();
const SPEC = {
  imageFields: [
    { type: 'Query', field: 'predict', imagesArg: 'images' },
    { type: 'Image', field: 'predictions' },
  ],
  fanOuts: [{ type: 'Query', field: '_entities', arg: 'representations' }],
};

function measure(query: string, variables: Record<string, unknown> = {}): OperationMeasure {
  const document = parse(query);
  // The plugin measures only documents that passed validation; so must the tests.
  expect(validate(schema, document)).toEqual([]);
  return measureOperation(schema, document, getOperationAST(document)!, variables, SPEC);
}

const urls = (n: number) => Array.from({ length: n }, (_, i) => ({ url: `https://img.example/${i}.jpg` }));
const literal = (n: number) =>
  `[${urls(n)
    .map((u) => `{ url: "${u.url}" }`)
    .join(', ')}]`;

describe('depth', () => {
  it('counts nested fields, not fragments', () => {
    expect(measure(`{ predict(images: [], modelId: "m") { concepts { id } } }`).depth).toBe(3);
    expect(measure(`{ predict(images: [], modelId: "m") { regions { boundingBox { top } } } }`).depth).toBe(4);
    expect(
      measure(
        `{ predict(images: [], modelId: "m") { ...P } } fragment P on Prediction { ... on Prediction { regions { ...R } } } fragment R on Region { concepts { id } }`,
      ).depth,
    ).toBe(4);
  });

  it('lets the standard introspection query through at the default limit, however deep its ofType chain', () => {
    expect(measure(getIntrospectionQuery()).depth).toBeLessThanOrEqual(12);
  });

  it('counts other introspection fields like any field (graphql-js bounds their fan-out itself)', () => {
    expect(measure(`{ __schema { types { fields { type { fields { name } } } } } }`).depth).toBe(6);
    expect(measure(`{ __type(name: "Query") { fields { type { ofType { ofType { ofType { name } } } } } } }`).depth).toBe(4);
  });
});

describe('images and image fields', () => {
  it('counts a literal list, a variable list, and a lone value (a list of one after coercion)', () => {
    expect(measure(`{ predict(images: ${literal(3)}, modelId: "m") { concepts { id } } }`)).toMatchObject({ images: 3, imageFields: 1 });
    const q = `query($i: [ImageInput!]!) { predict(images: $i, modelId: "m") { concepts { id } } }`;
    expect(measure(q, { i: urls(5) }).images).toBe(5);
    expect(measure(q, { i: { url: 'https://x/a.jpg' } }).images).toBe(1);
    expect(measure(`{ predict(images: { url: "https://x/a.jpg" }, modelId: "m") { concepts { id } } }`).images).toBe(1);
    expect(
      measure(`query($u: String) { predict(images: [{ url: $u }, { url: $u }], modelId: "m") { concepts { id } } }`, { u: 'https://x/a.jpg' }).images,
    ).toBe(2);
  });

  it('adds up aliased fields: 20 × 100 images is 2,000 images in 20 fields', () => {
    const fields = Array.from({ length: 20 }, (_, k) => `a${k}: predict(images: $i, modelId: "m") { concepts { id } }`).join('\n');
    expect(measure(`query($i: [ImageInput!]!) { ${fields} }`, { i: urls(100) })).toMatchObject({ images: 2000, imageFields: 20 });
  });

  it('counts a fragment once per spread', () => {
    const q = `{ ...F a: predict(images: ${literal(2)}, modelId: "x") { ...P } } fragment F on Query { b: predict(images: ${literal(4)}, modelId: "m") { ...P } c: predict(images: ${literal(1)}, modelId: "m") { ...P } } fragment P on Prediction { concepts { id } }`;
    expect(measure(q)).toMatchObject({ images: 7, imageFields: 3 });
  });

  it('counts Image.predictions once per Image representation of _entities', () => {
    const q = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Image { url p: predictions(modelId: "m") { concepts { id } } q: predictions(modelId: "n") { model { id } } } } }`;
    const reps = urls(300).map((u) => ({ __typename: 'Image', ...u }));
    expect(measure(q, { r: reps })).toMatchObject({ images: 600, imageFields: 2, depth: 4 });
    expect(measure(`query($r: [_Any!]!) { _entities(representations: $r) { ... on Image { url } } }`, { r: reps })).toMatchObject({
      images: 0,
      imageFields: 0,
    });
  });

  it('walks each fragment once, so a fragment bomb is measured (and refused), not expanded', () => {
    const levels = 40;
    const fragments = Array.from({ length: levels }, (_, i) => `fragment F${i} on Query { ...F${i + 1} ...F${i + 1} }`).join('\n');
    const q = `{ ...F0 } ${fragments} fragment F${levels} on Query { predict(images: ${literal(1)}, modelId: "m") { concepts { id } } }`;
    expect(measure(q).images).toBe(2 ** levels);
  });
});
