import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);

/** A package's folder in node_modules, found the way Node resolves it (works from src/ and dist/). */
export function packageDir(name: string): string {
  return dirname(require.resolve(`${name}/package.json`));
}

/**
 * A folder of static files kept beside the TypeScript sources (tsc copies no .html/.js/.css to dist/):
 * found under the nearest src/ above this file, so the service serves the same files from src/ and dist/.
 */
export function sourceDir(...segments: string[]): string {
  for (let d = dirname(fileURLToPath(import.meta.url)); ; d = dirname(d)) {
    const candidate = join(d, 'src', ...segments);
    if (existsSync(candidate)) return candidate;
    if (dirname(d) === d) throw new Error(`src/${segments.join('/')} not found`);
  }
}

/** The browser bundles GraphiQL 3 needs, by the name the page asks for: all from npm packages, none from a CDN. */
export function graphiqlAssets(): Record<string, string> {
  const graphiql = packageDir('graphiql');
  return {
    'react.production.min.js': join(packageDir('react'), 'umd', 'react.production.min.js'),
    'react-dom.production.min.js': join(packageDir('react-dom'), 'umd', 'react-dom.production.min.js'),
    'graphiql.min.js': join(graphiql, 'graphiql.min.js'),
    'graphiql.min.css': join(graphiql, 'graphiql.min.css'),
    'graphiql-init.js': join(sourceDir('server', 'explorer', 'public'), 'graphiql-init.js'),
  };
}
