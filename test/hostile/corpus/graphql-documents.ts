import { MODEL, PREDICT, operation, type HostileCase } from '../support.js';

// The hostile suite's service allows 50 images per operation (and the defaults: depth 12, 32 predict fields).
const url = (i: number) => ({ url: `https://img.example/hostile/${i}.jpg` });
const predictField = (alias: string) => `${alias}: predict(images: [{ url: "https://img.example/a.jpg" }], modelId: "${MODEL}") { concepts { id } }`;
const nestedTypes = (depth: number): string => (depth === 0 ? 'name' : `fields { type { ${nestedTypes(depth - 1)} } }`);

/** The operation is wrong, or abusive: parse and validation errors, limits, arguments out of range. */
export const graphqlDocuments: HostileCase[] = [
  operation('a syntax error', '{ predict(images: [ }', undefined, { codes: ['GRAPHQL_PARSE_FAILED'] }),
  operation('1 MB of one token', 'a'.repeat(1024 * 1024), undefined, { codes: ['GRAPHQL_PARSE_FAILED'] }),
  operation('NUL bytes in the document', '{ __typename \u0000\u0000 }', undefined, { codes: ['GRAPHQL_PARSE_FAILED'] }),
  operation('an unknown field', '{ secrets }', undefined, { codes: ['GRAPHQL_VALIDATION_FAILED'] }),
  operation('a mutation (the schema has none)', 'mutation { predict }', undefined, { codes: ['GRAPHQL_VALIDATION_FAILED'] }),
  operation('a subscription (the schema has none)', 'subscription { predict }', undefined, { codes: ['GRAPHQL_VALIDATION_FAILED'] }),
  operation('two operations and no operationName', 'query A { __typename } query B { __typename }', undefined, {
    codes: ['OPERATION_RESOLUTION_FAILURE', 'BAD_REQUEST', 'GRAPHQL_VALIDATION_FAILED'],
  }),
  // Apollo Server's own introspection depth rule may answer first.
  operation('fields nested past MAX_QUERY_DEPTH', `{ __schema { types { ${nestedTypes(8)} } } }`, undefined, {
    codes: ['QUERY_TOO_DEEP', 'GRAPHQL_VALIDATION_FAILED'],
  }),
  operation('fragments that spread each other (a cycle)', `{ ...A } fragment A on Query { ...B } fragment B on Query { ...A }`, undefined, {
    codes: ['GRAPHQL_VALIDATION_FAILED'],
  }),
  operation(
    'a fragment bomb (each fragment spreads the previous one twice)',
    `query { ...F0 } ${Array.from({ length: 30 }, (_, i) => `fragment F${i} on Query { ${i === 29 ? predictField('p') : `...F${i + 1} ...F${i + 1}`} }`).join(' ')}`,
    undefined,
    { codes: ['TOO_MANY_PREDICT_FIELDS', 'GRAPHQL_VALIDATION_FAILED'] },
  ),
  operation('1,000 aliased predict fields', `{ ${Array.from({ length: 1000 }, (_, i) => predictField(`a${i}`)).join(' ')} }`, undefined, {
    codes: ['TOO_MANY_PREDICT_FIELDS'],
  }),
  operation('the same directive 1,000 times', `{ __typename ${'@skip(if: false) '.repeat(1000)}}`, undefined, {
    codes: ['GRAPHQL_VALIDATION_FAILED'],
  }),
  operation(
    '10,000 variable definitions',
    `query (${Array.from({ length: 10_000 }, (_, i) => `$v${i}: Int`).join(', ')}) { __typename }`,
    undefined,
    { codes: ['GRAPHQL_VALIDATION_FAILED'] },
  ),
  operation('images as a string', PREDICT, { images: 'https://img.example/a.jpg', modelId: MODEL }, { codes: ['BAD_USER_INPUT'] }),
  operation('images of nulls', PREDICT, { images: [null, null], modelId: MODEL }, { codes: ['BAD_USER_INPUT'] }),
  operation('an empty image list', PREDICT, { images: [], modelId: MODEL }, { codes: ['EMPTY_IMAGE_LIST'] }),
  operation(
    '10,000 images in one operation',
    PREDICT,
    { images: Array.from({ length: 10_000 }, (_, i) => url(i)), modelId: MODEL },
    { codes: ['TOO_MANY_IMAGES'] },
  ),
  operation(
    'an image with an unknown field',
    PREDICT,
    { images: [{ url: 'https://img.example/a.jpg', path: '/etc/passwd' }], modelId: MODEL },
    { codes: ['BAD_USER_INPUT'] },
  ),
  operation('modelId that walks up the path', PREDICT, { images: [url(1)], modelId: '../../v2/users/me/keys' }, { codes: ['BAD_USER_INPUT'] }),
  operation('modelId of 100,000 characters', PREDICT, { images: [url(1)], modelId: 'm'.repeat(100_000) }, { codes: ['BAD_USER_INPUT'] }),
  operation('modelId as an object', PREDICT, { images: [url(1)], modelId: { $ne: null } }, { codes: ['BAD_USER_INPUT'] }),
  operation(
    'userId with a slash and query string',
    `{ predict(images: [{ url: "https://img.example/a.jpg" }], modelId: "${MODEL}", userId: "me/apps?x=1") { concepts { id } } }`,
    undefined,
    { codes: ['BAD_USER_INPUT'] },
  ),
  operation('minValue out of range', PREDICT, { images: [url(1)], modelId: MODEL, options: { minValue: 7 } }, { codes: ['INVALID_PREDICT_OPTIONS'] }),
  operation(
    'maxConcepts over 32 bits',
    PREDICT,
    { images: [url(1)], modelId: MODEL, options: { maxConcepts: 2 ** 40 } },
    { codes: ['BAD_USER_INPUT'] },
  ),
  operation(
    '5,000 selectConcepts',
    PREDICT,
    { images: [url(1)], modelId: MODEL, options: { selectConcepts: Array.from({ length: 5000 }, (_, i) => ({ name: `c${i}` })) } },
    { codes: ['INVALID_PREDICT_OPTIONS'] },
  ),
  operation(
    'a selectConcepts entry with both id and name',
    PREDICT,
    { images: [url(1)], modelId: MODEL, options: { selectConcepts: [{ id: 'a', name: 'b' }] } },
    { codes: ['INVALID_PREDICT_OPTIONS', 'BAD_USER_INPUT'] },
  ),
  operation(
    '10,000 entity representations',
    'query ($r: [_Any!]!) { _entities(representations: $r) { ... on Image { predictions(modelId: "general-image-recognition") { concepts { id } } } } }',
    { r: Array.from({ length: 10_000 }, (_, i) => ({ __typename: 'Image', ...url(i) })) },
    { codes: ['TOO_MANY_IMAGES'] },
  ),
  operation(
    'an entity representation without a url',
    'query ($r: [_Any!]!) { _entities(representations: $r) { ... on Image { predictions(modelId: "general-image-recognition") { concepts { id } } } } }',
    { r: [{ __typename: 'Image' }] },
    { codes: ['INVALID_URL', 'BAD_USER_INPUT', 'INVALID_IMAGE_INPUT'] },
  ),
  operation(
    'an entity of a type that does not exist',
    'query ($r: [_Any!]!) { _entities(representations: $r) { __typename } }',
    { r: [{ __typename: 'Secret', id: 1 }] },
    { codes: ['BAD_USER_INPUT'] },
  ),
  operation(
    'an entity representation of a type that is not an entity',
    'query ($r: [_Any!]!) { _entities(representations: $r) { __typename } }',
    { r: [{ __typename: 'Query' }] },
    { codes: ['BAD_USER_INPUT'] },
  ),
];
