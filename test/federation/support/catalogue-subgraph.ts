import { readFileSync } from 'node:fs';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { startStandaloneServer } from '@apollo/server/standalone';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { parse } from 'graphql';

export const CATALOGUE_SDL_PATH = new URL('../fixtures/catalogue.graphql', import.meta.url);

export interface Product {
  id: string;
  name: string;
  imageUrl: string | null;
}

/** `count` products, each with its own image URL (so each image has its own concepts at the fake). */
export function makeProducts(count: number): Product[] {
  return Array.from({ length: count }, (_, i) => ({ id: `p${i}`, name: `Product ${i}`, imageUrl: `https://img.example/products/${i}.jpg` }));
}

export interface RunningSubgraph {
  url: string;
  close(): Promise<void>;
}

/**
 * A second team's subgraph: it owns Product and returns Image references by URL, nothing more.
 * `products` is read on every query, so a test can change the catalogue between queries.
 */
export async function startCatalogue(products: () => readonly Product[]): Promise<RunningSubgraph> {
  const resolvers = {
    Query: { products },
    Product: {
      image: (p: Product) => (p.imageUrl === null ? null : { url: p.imageUrl }),
      tags: () => [{ id: 'tag_sale', name: 'sale', value: 1, appId: null }],
    },
  };
  const server = new ApolloServer({
    schema: buildSubgraphSchema([{ typeDefs: parse(readFileSync(CATALOGUE_SDL_PATH, 'utf8')), resolvers }]),
    plugins: [ApolloServerPluginInlineTraceDisabled()],
  });
  const { url } = await startStandaloneServer(server, { listen: { host: '127.0.0.1', port: 0 } });
  return { url, close: () => server.stop() };
}
