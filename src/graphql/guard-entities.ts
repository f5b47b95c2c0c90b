import { isUnionType, type GraphQLFieldResolver, type GraphQLSchema } from 'graphql';
import { ErrorCode } from '../error-codes.js';
import { userError } from './to-graphql-error.js';

/**
 * @apollo/subgraph's `_entities` fails a representation whose __typename is not an entity of this schema
 * with an error that has no code (a plain Error for an unknown type, a type error for a non-entity one),
 * so it would reach the client as INTERNAL_SERVER_ERROR and the log as a bug. A router never sends one;
 * a caller that does gets BAD_USER_INPUT naming the representation instead.
 */
export function guardEntities(schema: GraphQLSchema): GraphQLSchema {
  const field = schema.getQueryType()?.getFields()._entities;
  const resolve = field?.resolve;
  const union = schema.getType('_Entity');
  if (!field || !resolve || !isUnionType(union)) return schema;
  const entityTypes = new Set(union.getTypes().map((t) => t.name));
  const guarded: GraphQLFieldResolver<unknown, unknown> = (parent, args, ctx, info) => {
    const reps = (args as { representations?: unknown }).representations;
    (Array.isArray(reps) ? reps : []).forEach((rep, i) => {
      const name = (rep as { __typename?: unknown } | null)?.__typename;
      if (typeof name !== 'string' || !entityTypes.has(name)) {
        throw userError(
          ErrorCode.BAD_USER_INPUT,
          `representations[${i}] names no entity type of this subgraph (__typename ${JSON.stringify(name)}).`,
        );
      }
    });
    return resolve(parent, args, ctx, info);
  };
  field.resolve = guarded;
  return schema;
}
