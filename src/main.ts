import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { ConfigError, loadConfig } from './config/config.js';
import { createLogger } from './logger.js';
import { createApp } from './server/app.js';
import { drainOnSignals } from './server/lifecycle/index.js';
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
  await once(httpServer, 'listening');
  const { port } = httpServer.address() as AddressInfo;
  logger.info({ port, clarifai: Boolean(config.CLARIFAI_PAT) }, 'serving POST /graphql and GET /healthz');

  drainOnSignals({ lifecycle, apollo, services, batcher: services.batcher, logger, settings: services.config });
}

await main();
