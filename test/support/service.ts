import type { AddressInfo } from 'node:net';
import type { DestinationStream } from 'pino';
import { loadConfig } from '../../src/config/config.js';
import { createLogger } from '../../src/logger.js';
import { createApp } from '../../src/server/app.js';
import { createServices, type Services } from '../../src/services.js';

export interface RunningService {
  url: string;
  services: Services;
  close(): Promise<void>;
}

export interface ServiceOptions {
  /** Where the service's log lines go (e.g. a test that reads them); set LOG_LEVEL in env to get any. */
  logDestination?: DestinationStream;
}

/** The real service on a loopback port, configured like production but from the given env. */
export async function startService(env: Record<string, string> = {}, options: ServiceOptions = {}): Promise<RunningService> {
  // Local models load in worker threads (seconds, hundreds of MB): only the suites about them turn them on.
  // The prediction cache would answer the repeated images of tests about upstream calls; its own tests turn it on.
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    HOST: '127.0.0.1',
    PORT: '0',
    LOCAL_MODELS: 'false',
    PREDICTION_CACHE_MB: '0',
    ...env,
  });
  const services = createServices(config, createLogger(config.LOG_LEVEL, options.logDestination));
  const { httpServer, apollo } = await createApp(services);
  await new Promise<void>((resolve) => httpServer.listen(0, '127.0.0.1', resolve));
  await services.ready;
  const { port } = httpServer.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    services,
    close: async () => {
      await apollo.stop();
      await services.close();
    },
  };
}

export interface GraphQLResponse<T = Record<string, unknown>> {
  status: number;
  body: { data?: T | null; errors?: Array<{ message: string; path?: Array<string | number>; extensions?: Record<string, unknown> }> };
}

/** POSTs one operation as JSON, as any GraphQL client does. */
export async function postGraphQL<T = Record<string, unknown>>(
  baseUrl: string,
  query: string,
  variables: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): Promise<GraphQLResponse<T>> {
  const res = await fetch(`${baseUrl}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query, variables }),
  });
  return { status: res.status, body: (await res.json()) as GraphQLResponse<T>['body'] };
}

export const PREDICT = `query Predict($images: [ImageInput!]!, $modelId: ID!, $modelVersionId: ID, $options: PredictOptions) {
  predict(images: $images, modelId: $modelId, modelVersionId: $modelVersionId, options: $options) {
    input { index url sha256 }
    concepts { id name value appId }
    regions { boundingBox { top left bottom right } concepts { id name value } }
    model { id versionId userId appId }
  }
}`;
