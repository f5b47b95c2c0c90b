/**
 * `node --import ./dist/telemetry/register.js dist/main.js`: turns tracing on before the app's modules
 * load, so the ESM instrumentations can wrap express, graphql, ioredis and node:http as they are
 * imported. With no OTLP endpoint configured it registers nothing and loads no SDK.
 */
import { register } from 'node:module';
import { tracesUrl } from './tracing-env.js';

if (tracesUrl(process.env)) {
  // Only the modules an instrumentation hooks get wrapped: wrapping every module (sharp, tfjs…) costs
  // start-up time and has broken modules with unusual exports.
  const { createAddHookMessageChannel } = await import('import-in-the-middle');
  const { registerOptions, waitForAllMessagesAcknowledged } = createAddHookMessageChannel();
  register('import-in-the-middle/hook.mjs', import.meta.url, registerOptions);
  const { startTracing } = await import('./sdk.js');
  try {
    const handle = await startTracing(process.env);
    await waitForAllMessagesAcknowledged();
    // The drain ends with process.exit, which no exporter outlives: send what is buffered when it starts.
    for (const signal of ['SIGTERM', 'SIGINT'] as const) process.once(signal, () => void handle?.forceFlush().catch(() => undefined));
  } catch (err) {
    // A bad tracing setting must not keep the service from serving.
    console.error(`tracing off: ${err instanceof Error ? err.message : String(err)}`);
  }
}
