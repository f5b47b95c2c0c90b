import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { EXAMPLE_VARIABLES } from '../../src/server/explorer/example-operation.js';
import { postGraphQL, startService, type RunningService } from '../support/service.js';

const INTROSPECT = '{ __schema { queryType { name } } }';
const services: Record<string, RunningService> = {};

beforeAll(async () => {
  services.development = await startService({ NODE_ENV: 'development', EXPLORER: 'sandbox' });
  services.developmentClosed = await startService({ NODE_ENV: 'development', INTROSPECTION: 'false' });
  services.production = await startService({ NODE_ENV: 'production' });
  services.productionOpen = await startService({ NODE_ENV: 'production', INTROSPECTION: 'true' });
});
afterAll(async () => {
  await Promise.all(Object.values(services).map((s) => s.close()));
});

/** The settings the page hands to Apollo's embedded Sandbox script. */
function sandboxConfig(html: string): { initialState: { document: string; variables: unknown }; runTelemetry: boolean } {
  const json = /var embeddedSandboxConfig = (\{.*\});/.exec(html)?.[1];
  expect(json).toBeDefined();
  return JSON.parse(json!);
}

const browse = (url: string) => fetch(url, { headers: { accept: 'text/html' }, redirect: 'manual' });

describe('Apollo Sandbox in development (EXPLORER=sandbox; the default is GraphiQL, test/explorer/)', () => {
  it('GET /graphql from a browser is the Sandbox, opened on an example predict operation', async () => {
    const res = await browse(`${services.development!.url}/graphql`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    const sandbox = sandboxConfig(await res.text());
    expect(sandbox.initialState.document).toContain('query Predict($images: [ImageInput!]!');
    // The same keyless example as GraphiQL's: a local model and an embedded photo.
    expect(sandbox.initialState.variables).toEqual(EXAMPLE_VARIABLES);
    expect(EXAMPLE_VARIABLES.modelId).toBe('local-objects');
    expect(sandbox.runTelemetry).toBe(false);
  });

  it('GET / leads to it', async () => {
    const res = await browse(`${services.development!.url}/`);
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('/graphql');
  });

  it('keeps CSRF prevention: a GET operation without a preflight header is refused, with one it runs', async () => {
    const url = `${services.development!.url}/graphql?query=${encodeURIComponent('{ __typename }')}`;
    const forged = await fetch(url);
    expect(forged.status).toBe(400);
    expect(await forged.text()).toMatch(/CSRF/);
    const ok = await fetch(url, { headers: { 'apollo-require-preflight': 'true' } });
    expect(await ok.json()).toEqual({ data: { __typename: 'Query' } });
  });
});

describe('production', () => {
  it('serves no Sandbox and no redirect', async () => {
    const page = await browse(`${services.production!.url}/graphql`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('Welcome to Apollo Server');
    expect(html).not.toContain('EmbeddedSandbox');
    expect((await browse(`${services.production!.url}/`)).status).toBe(404);
  });
});

describe('introspection: on in development, off in production, INTROSPECTION overrides either', () => {
  it.each([
    ['development', true],
    ['developmentClosed', false],
    ['production', false],
    ['productionOpen', true],
  ])('%s: allowed=%s', async (name, allowed) => {
    const res = await postGraphQL(services[name]!.url, INTROSPECT);
    if (allowed) {
      expect(res.body).toEqual({ data: { __schema: { queryType: { name: 'Query' } } } });
    } else {
      expect(res.status).toBe(400);
      expect(res.body.errors![0]!.extensions!.code).toBe('GRAPHQL_VALIDATION_FAILED');
      expect(res.body.errors![0]!.message).toMatch(/introspection is not allowed/);
    }
  });

  it('a router can still compose a production subgraph: _service { sdl } is not introspection', async () => {
    const res = await postGraphQL<{ _service: { sdl: string } }>(services.production!.url, '{ _service { sdl } }');
    expect(res.body.data!._service.sdl).toMatch(/type Image\s+@key\(fields: "url"\)/);
  });
});
