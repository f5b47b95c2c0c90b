// Runs src/main.ts as its own process, straight from the TypeScript sources (no build needed), with
// listeners that report any unhandled rejection or uncaught exception on stderr, where the test that
// started it looks for them. Without them Node would crash on the first one; with them the test also
// sees whether the service stays healthy afterwards.
import { register } from 'node:module';

register(new URL('../../scripts/ts-worker-loader.mjs', import.meta.url).href);
process.on('unhandledRejection', (reason) => {
  process.stderr.write(`UNHANDLED_REJECTION ${reason instanceof Error ? reason.stack : String(reason)}\n`);
});
process.on('uncaughtException', (err) => {
  process.stderr.write(`UNCAUGHT_EXCEPTION ${err.stack ?? String(err)}\n`);
});
await import(new URL('../../src/main.ts', import.meta.url).href);
