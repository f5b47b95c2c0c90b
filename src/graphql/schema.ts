import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { GraphQLScalarType, Kind, parse, type GraphQLSchema } from 'graphql';
import { GraphQLUpload } from 'graphql-upload-ts';
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

/** The description schema.graphql gives a scalar (the source of truth, also for introspection). */
function sdlDescription(name: string): string | undefined {
  for (const def of typeDefs.definitions) {
    if (def.kind === Kind.SCALAR_TYPE_DEFINITION && def.name.value === name) return def.description?.value;
  }
  return undefined;
}

/**
 * graphql-upload's scalar carries its own description, and a resolver-provided scalar replaces the SDL's
 * wholesale: without this copy introspection would show graphql-upload's text instead of our limits.
 */
const Upload = new GraphQLScalarType({ ...GraphQLUpload.toConfig(), description: sdlDescription('Upload') ?? GraphQLUpload.description });

export function buildSchema(): GraphQLSchema {
  // The array form is the one @apollo/subgraph 2.15+ accepts too.
  return guardEntities(buildSubgraphSchema([{ typeDefs, resolvers: { ...resolvers, Upload } as never }]));
}
