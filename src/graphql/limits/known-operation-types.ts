import { GraphQLError, type ValidationRule } from 'graphql';

/**
 * graphql-js 16 validates `mutation { … }` against a schema without a Mutation type as fine and only
 * fails at execution, with a code-less error that Apollo Server reports as INTERNAL_SERVER_ERROR (HTTP 200)
 * and we would log as a bug. A client's mistake should read as one: this rule (graphql-js 17 has its own)
 * makes it GRAPHQL_VALIDATION_FAILED, HTTP 400, before anything runs.
 */
export const knownOperationTypes: ValidationRule = (context) => ({
  OperationDefinition(node) {
    const schema = context.getSchema();
    const root = { query: schema.getQueryType(), mutation: schema.getMutationType(), subscription: schema.getSubscriptionType() }[node.operation];
    if (!root) context.reportError(new GraphQLError(`This service has no ${node.operation} operations; send a query.`, { nodes: node }));
  },
});
