import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { ErrorCode, ImageError } from '../../error-codes.js';

/** The optionalDependencies the workers load; absent when installed with --omit=optional. */
export const LOCAL_MODEL_PACKAGES = [
  '@tensorflow/tfjs',
  '@tensorflow/tfjs-core',
  '@tensorflow/tfjs-converter',
  '@tensorflow/tfjs-backend-wasm',
  '@vladmandic/human',
  'nsfwjs',
] as const;

export type PackageResolver = (name: string) => string;

const require = createRequire(import.meta.url);
const defaultResolver: PackageResolver = (name) => require.resolve(name);

export type PackageCheck = { ok: true; versions: Record<string, string> } | { ok: false; error: ImageError };

/**
 * Finds the optional packages without loading them, so a missing one gives one clear message
 * up front instead of a stack trace from inside a worker.
 */
export function checkOptionalPackages(resolve: PackageResolver = defaultResolver): PackageCheck {
  const versions: Record<string, string> = {};
  const missing: string[] = [];
  for (const name of LOCAL_MODEL_PACKAGES) {
    try {
      versions[name] = packageVersion(name, resolve(name));
    } catch {
      missing.push(name);
    }
  }
  if (missing.length === 0) return { ok: true, versions };
  const message =
    `the local models need the optional packages ${LOCAL_MODEL_PACKAGES.join(', ')}; ` +
    `missing: ${missing.join(', ')}; run npm ci without --omit=optional`;
  return { ok: false, error: new ImageError(ErrorCode.LOCAL_BACKEND_UNAVAILABLE, message) };
}

/**
 * Walks up from the entry file to the package's own package.json: some packages (Human) do not
 * export `./package.json`, and nsfwjs has nested ones without a name.
 */
function packageVersion(name: string, entryFile: string): string {
  let dir = path.dirname(entryFile);
  for (;;) {
    try {
      const pkg = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === name && pkg.version) return pkg.version;
    } catch {
      // no package.json at this level
    }
    const parent = path.dirname(dir);
    if (parent === dir) return 'unknown';
    dir = parent;
  }
}
