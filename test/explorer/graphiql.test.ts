import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { openBrowser, type Browser } from '../support/browser.js';
import { startService, type RunningService } from '../support/service.js';

let svc: RunningService;
let browser: Browser;
beforeAll(async () => {
  // The example runs a local model: load it (one worker is enough here).
  svc = await startService({ NODE_ENV: 'development', LOCAL_MODELS: 'true', LOCAL_WORKERS: '1' });
  browser = await openBrowser();
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await svc?.close();
});

it('GraphiQL renders offline from the service alone, and its example runs without a key', async () => {
  const { page } = browser;
  await page.goto(`${svc.url}/graphql`);
  // The editor rendered, opened on the example (a local model and an embedded image).
  await page.locator('.graphiql-query-editor .CodeMirror').first().waitFor();
  await expect(page.locator('.graphiql-query-editor').innerText()).resolves.toContain('query Predict');
  // CodeMirror renders only the visible lines: read the editor's whole value.
  const editorValue = (selector: string) => page.evaluate<string>(`document.querySelector(${JSON.stringify(selector)}).CodeMirror.getValue()`);
  expect(await editorValue('.graphiql-editor-tool .CodeMirror')).toContain('"modelId": "local-objects"');

  const [request, response] = await Promise.all([
    page.waitForRequest((r) => r.url().endsWith('/graphql') && r.method() === 'POST'),
    page.waitForResponse(
      (r) => r.url().endsWith('/graphql') && r.request().method() === 'POST' && r.request().postData()?.includes('local-objects') === true,
    ),
    page.locator('.graphiql-execute-button').click(),
  ]);
  // What lets the request through Apollo's CSRF prevention.
  expect(request.headers()['content-type']).toMatch(/^application\/json/);
  expect(response.status()).toBe(200);
  const body = (await response.json()) as { data: { predict: Array<{ concepts: Array<{ name: string; value: number }> }> } };
  expect(body.data.predict[0]!.concepts.map((c) => c.name)).toContain('dog');
  // ...and the response pane shows it.
  await page.locator('.result-window').getByText('"concepts"').first().waitFor();
  await expect(page.locator('.result-window').innerText()).resolves.toContain(body.data.predict[0]!.concepts[0]!.name);
  await browser.screenshot('graphiql.png');

  expect(browser.offLoopback).toEqual([]);
  expect(browser.pageErrors).toEqual([]);
}, 120_000);
