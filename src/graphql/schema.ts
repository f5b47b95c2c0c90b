import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { parse, type GraphQLSchema } from 'graphql';
import { guardEntities } from './guard-entities.js';
import { resolvers } from './resolvers/index.js';

/** schema.graphql at the repo root is the source of truth: the nearest one above this file (src/, dist/ or a bench build). */
export const schemaPath = findUp(dirname(fileURLToPath(import.meta.url)), 'schema.graphql');

function findUp(dir: string, name: string): string {
  for (let d = dir; ; d = dirname(d)) {
    if (existsSync(join(d, name))) return join(d, name);
    if (dirname(d) === d) throw new Error(`${name} not found above ${dir}`);
  }
}

export const typeDefs = parse(readFileSync(schemaPath, 'utf8'));

export function buildSchema(): GraphQLSchema {
  // The array form is the one @apollo/subgraph 2.15+ accepts too.
  return guardEntities(buildSubgraphSchema([{ typeDefs, resolvers: resolvers as never }]));
}
