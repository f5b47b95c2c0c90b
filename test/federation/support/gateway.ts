import { ApolloGateway, IntrospectAndCompose } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';

const quiet = { debug() {}, info() {}, warn() {}, error: (...args: unknown[]) => console.error(...args) };

/** An Apollo Gateway on loopback that composes the given subgraphs from their `_service { sdl }`. */
export async function startGateway(subgraphs: Array<{ name: string; url: string }>): Promise<{ url: string; close(): Promise<void> }> {
  const gateway = new ApolloGateway({ supergraphSdl: new IntrospectAndCompose({ subgraphs }), logger: quiet });
  const server = new ApolloServer({ gateway, logger: quiet });
  const { url } = await startStandaloneServer(server, { listen: { host: '127.0.0.1', port: 0 } });
  return { url, close: () => server.stop() };
}
