import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { openBrowser, type Browser } from '../support/browser.js';
import { startService, type RunningService } from '../support/service.js';

const DOG = new URL('../fixtures/photos/dog.jpg', import.meta.url).pathname;
const NOT_AN_IMAGE = new URL('../../package.json', import.meta.url).pathname;

let svc: RunningService;
let browser: Browser;
beforeAll(async () => {
  svc = await startService({ NODE_ENV: 'development', LOCAL_MODELS: 'true', LOCAL_WORKERS: '1' });
  browser = await openBrowser();
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await svc?.close();
});

it('without a key the demo starts on local-objects; uploading dog.jpg draws a box labelled dog and concept bars', async () => {
  const { page } = browser;
  const requests: Array<{ headers: Record<string, string> }> = [];
  page.on('request', (r) =>
    r.method() === 'POST' && r.headers()['content-type']?.startsWith('multipart/') ? requests.push({ headers: r.headers() }) : undefined,
  );
  await page.goto(`${svc.url}/demo/`);
  await page.locator('#model option[value="local-objects"]').waitFor({ state: 'attached' });
  expect(await page.locator('#model').inputValue()).toBe('local-objects');

  await page.locator('#files').setInputFiles([DOG, NOT_AN_IMAGE]);
  const dogBox = page.locator('.card').nth(0).locator('.box[data-label="dog"]');
  await dogBox.first().waitFor();
  // The box sits inside the image, where the model put it.
  const frame = await page.locator('.card').nth(0).locator('.frame').boundingBox();
  const box = await dogBox.first().boundingBox();
  expect(box!.width).toBeGreaterThan(20);
  expect(box!.x).toBeGreaterThanOrEqual(frame!.x - 1);
  expect(box!.y + box!.height).toBeLessThanOrEqual(frame!.y + frame!.height + 1);
  await expect(page.locator('.card').nth(0).locator('.bar[data-concept="dog"]').count()).resolves.toBe(1);
  // The second file is no image: its own error, the first still has its result.
  await expect(page.locator('.card').nth(1).locator('.error').innerText()).resolves.toMatch(/^UNSUPPORTED_IMAGE_FORMAT: /);
  await browser.screenshot('demo.png');

  // A multipart request like any client's, with the header that satisfies CSRF prevention.
  expect(requests).toHaveLength(1);
  expect(requests[0]!.headers['apollo-require-preflight']).toBe('true');
  expect(browser.offLoopback).toEqual([]);
  expect(browser.pageErrors).toEqual([]);
}, 120_000);
