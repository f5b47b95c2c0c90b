/** Without the optional packages the local backend must say so clearly, not crash. */
import { describe, expect, test } from '@jest/globals';
import { LocalBackend } from '../../../src/backends/local/local-backend.js';
import { checkOptionalPackages } from '../../../src/backends/local/optional-packages.js';
import { ErrorCode, ImageError } from '../../../src/error-codes.js';
import { callOf, noPermit } from '../../support/calls.js';
import { photo } from '../../support/photos.js';
import { expectImageError } from '../../support/outcomes.js';

const withoutNsfwjs = (name: string) => {
  if (name === 'nsfwjs') throw Object.assign(new Error(`Cannot find module '${name}'`), { code: 'MODULE_NOT_FOUND' });
  return '/nowhere/index.js';
};

describe('optional packages', () => {
  test('the installed set is found, with versions', () => {
    const check = checkOptionalPackages();
    expect(check.ok).toBe(true);
    if (check.ok) expect(check.versions['nsfwjs']).toMatch(/^\d+\.\d+\.\d+$/);
  });

  test('a missing package gives LOCAL_BACKEND_UNAVAILABLE naming it and the fix', () => {
    const check = checkOptionalPackages(withoutNsfwjs);
    expect(check.ok).toBe(false);
    if (check.ok) return;
    expect(check.error.code).toBe(ErrorCode.LOCAL_BACKEND_UNAVAILABLE);
    expect(check.error.message).toMatch(/missing: nsfwjs/);
    expect(check.error.message).toMatch(/without --omit=optional/);
  });

  test('the backend then rejects ready and fails each image, without starting workers', async () => {
    const backend = new LocalBackend({ checkPackages: () => checkOptionalPackages(withoutNsfwjs) });
    await expect(backend.ready).rejects.toBeInstanceOf(ImageError);
    await expect(backend.ready).rejects.toMatchObject({ code: ErrorCode.LOCAL_BACKEND_UNAVAILABLE });
    const outcomes = await backend.predict(callOf('local-objects', [photo('dog'), photo('eagle')]), noPermit);
    outcomes.forEach((o) => expectImageError(o, ErrorCode.LOCAL_BACKEND_UNAVAILABLE));
    await backend.close();
  });
});
