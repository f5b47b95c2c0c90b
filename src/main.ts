import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { ConfigError, loadConfig } from './config/config.js';
import { createLogger } from './logger.js';
import { createApp } from './server/app.js';
import { exploration } from './server/exploration.js';
import { frontDoorUrls } from './server/front-door.js';
import { drainOnSignals } from './server/lifecycle/index.js';
import { listenFailure } from './server/listen-failure.js';
import { createServices } from './services.js';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(2);
    }
    throw err;
  }
  const logger = createLogger(config.LOG_LEVEL);
  const services = createServices(config, logger);
  const { httpServer, apollo, lifecycle } = await createApp(services);
  httpServer.listen(config.PORT, config.HOST);
  try {
    await once(httpServer, 'listening');
  } catch (err) {
    // A port in use is a setting to change, not a bug: one line, no stack trace.
    console.error(listenFailure(err, config.HOST, config.PORT));
    await services.close();
    process.exit(1);
  }
  const { port } = httpServer.address() as AddressInfo;
  // 0.0.0.0 is where we listen, not an address a browser can open.
  const host = config.HOST === '0.0.0.0' || config.HOST === '::' ? 'localhost' : config.HOST;
  const urls = frontDoorUrls(`http://${host}:${port}`, exploration(config));
  // One log line (stdout stays pino's JSON), the URLs in its message so a person reading it sees where to go.
  const message = Object.entries(urls)
    .map(([name, url]) => `${name} ${url}`)
    .join(' · ');
  logger.info({ port, clarifai: Boolean(config.CLARIFAI_PAT), urls }, `serving: ${message}`);

  drainOnSignals({ lifecycle, apollo, services, batcher: services.batcher, logger, settings: services.config });
}

await main();
