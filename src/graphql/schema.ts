import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { parse, type GraphQLSchema } from 'graphql';
import { resolvers } from './resolvers/index.js';

/** schema.graphql at the repo root is the source of truth; src/ and dist/ both sit one level below it. */
export const schemaPath = fileURLToPath(new URL('../../schema.graphql', import.meta.url));

export const typeDefs = parse(readFileSync(schemaPath, 'utf8'));

export function buildSchema(): GraphQLSchema {
  // The array form is the one @apollo/subgraph 2.15+ accepts too.
  return buildSubgraphSchema([{ typeDefs, resolvers: resolvers as never }]);
}
