import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { postGraphQL, startService, type RunningService } from '../support/service.js';

const services: Record<string, RunningService> = {};
beforeAll(async () => {
  services.development = await startService({ NODE_ENV: 'development' });
  services.developmentOff = await startService({ NODE_ENV: 'development', EXPLORER: 'off', DEMO: 'false' });
  services.production = await startService({ NODE_ENV: 'production' });
  services.productionOn = await startService({ NODE_ENV: 'production', EXPLORER: 'graphiql', DEMO: 'true' });
});
afterAll(async () => {
  await Promise.all(Object.values(services).map((s) => s.close()));
});

const browse = (url: string) => fetch(url, { headers: { accept: 'text/html' }, redirect: 'manual' });

describe('defaults: GraphiQL and /demo in development, neither in production', () => {
  it('development: GET /graphql in a browser is GraphiQL, every asset from this service', async () => {
    const res = await browse(`${services.development!.url}/graphql`);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await res.text();
    const assets = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]!);
    expect(assets.length).toBe(5);
    for (const asset of assets) {
      expect(asset).toMatch(/^\/explorer\/assets\//);
      expect((await fetch(`${services.development!.url}${asset}`)).status).toBe(200);
    }
    expect((await fetch(`${services.development!.url}/explorer/assets/..%2Fpackage.json`)).status).toBe(404);
    expect((await browse(`${services.development!.url}/`)).headers.get('location')).toBe('/graphql');
    expect((await browse(`${services.development!.url}/demo/`)).status).toBe(200);
  });

  it('a client sending JSON to /graphql still gets GraphQL, and CSRF prevention still refuses a bare GET operation', async () => {
    expect((await postGraphQL(services.development!.url, '{ __typename }')).body).toEqual({ data: { __typename: 'Query' } });
    const forged = await fetch(`${services.development!.url}/graphql?query=${encodeURIComponent('{ __typename }')}`, {
      headers: { accept: 'text/html' },
    });
    expect(forged.status).toBe(400);
  });

  it("production: Apollo's static page, no demo, no redirect", async () => {
    const html = await (await browse(`${services.production!.url}/graphql`)).text();
    expect(html).toContain('Welcome to Apollo Server');
    expect(html).not.toContain('/explorer/assets/');
    expect((await browse(`${services.production!.url}/demo/`)).status).toBe(404);
    expect((await browse(`${services.production!.url}/`)).status).toBe(404);
  });
});

describe('EXPLORER and DEMO override the defaults', () => {
  it('development with EXPLORER=off, DEMO=false: no IDE, no demo', async () => {
    expect(await (await browse(`${services.developmentOff!.url}/graphql`)).text()).not.toContain('/explorer/assets/');
    expect((await browse(`${services.developmentOff!.url}/demo/`)).status).toBe(404);
    expect((await browse(`${services.developmentOff!.url}/explorer/assets/graphiql.min.js`)).status).toBe(404);
  });

  it('production with EXPLORER=graphiql, DEMO=true: both served', async () => {
    expect(await (await browse(`${services.productionOn!.url}/graphql`)).text()).toContain('/explorer/assets/graphiql.min.js');
    expect((await browse(`${services.productionOn!.url}/demo/`)).status).toBe(200);
  });

  it('a bad value stops start-up naming the variable', async () => {
    await expect(startService({ EXPLORER: 'playground' })).rejects.toThrow(/EXPLORER/);
  });
});

it("introspection shows the schema's own description of Upload, not graphql-upload's", async () => {
  const res = await postGraphQL<{ __type: { description: string } }>(services.development!.url, '{ __type(name: "Upload") { description } }');
  expect(res.body.data!.__type.description).toMatch(/^A file sent with the GraphQL multipart request spec/);
  expect(res.body.data!.__type.description).toContain('Apollo-Require-Preflight');
});
