import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, expect, it } from '@jest/globals';

// The README's start command builds to dist/ and runs `node dist/main.js`; `npm test` builds first.
const MAIN = new URL('../dist/main.js', import.meta.url);
let child: ChildProcess;
let url: string;
const logs: string[] = [];

beforeAll(async () => {
  if (!existsSync(MAIN)) throw new Error('dist/main.js is missing: run `npm run build` (npm test does)');
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info', LOCAL_WORKERS: '1', NODE_ENV: 'production' };
  delete env.CLARIFAI_PAT;
  child = spawn(process.execPath, [MAIN.pathname], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stderr!.on('data', (d: Buffer) => logs.push(d.toString()));
  url = await new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => {
      logs.push(d.toString());
      const port = /"port":(\d+)/.exec(logs.join(''))?.[1];
      if (port) resolve(`http://127.0.0.1:${port}`);
    });
    child.once('exit', (code) => reject(new Error(`exited with ${code}: ${logs.join('')}`)));
  });
  // /healthz turns 200 only once the models have loaded.
  for (let i = 0; i < 600 && (await fetch(`${url}/healthz`)).status !== 200; i++) await sleep(100);
}, 90_000);

afterAll(async () => {
  child.kill('SIGTERM');
  await new Promise((r) => (child.exitCode !== null ? r(null) : child.once('exit', r)));
});

it('starts with no Clarifai key and no network, and serves real predictions from a local model', async () => {
  expect((await fetch(`${url}/healthz`)).status).toBe(200);
  const dog = readFileSync(new URL('./fixtures/photos/dog.jpg', import.meta.url)).toString('base64');
  const res = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      query: 'query ($i: [ImageInput!]!) { predict(images: $i, modelId: "local-objects") { concepts { name value } } }',
      variables: { i: [{ base64: dog }] },
    }),
  });
  const body = (await res.json()) as { data: { predict: Array<{ concepts: Array<{ name: string }> }> } };
  expect(body.data.predict[0]!.concepts.slice(0, 3).map((c) => c.name)).toContain('dog');
  expect(logs.join('')).toContain('local models loaded');
});

it('answers a Clarifai model with how to set the key, naming the models that need none', async () => {
  const res = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      query: '{ predict(images: [{ url: "https://img.example/a.jpg" }], modelId: "general-image-recognition") { concepts { name } } }',
    }),
  });
  const body = (await res.json()) as { errors: Array<{ message: string; extensions: { code: string } }> };
  expect(body.errors[0]!.extensions.code).toBe('CLARIFAI_NOT_CONFIGURED');
  expect(body.errors[0]!.message).toMatch(/set CLARIFAI_PAT/);
  expect(body.errors[0]!.message).toMatch(/local-moderation, local-objects|local-objects, local-moderation/);
});
