// The auth middleware in its own process, from the TypeScript sources, so a test can send it a real
// SIGHUP (jest's sandboxed `process` does not receive signals). Settings from the env; logs on stdout;
// prints `LISTENING <port>` once ready.
import { register } from 'node:module';
import { createServer } from 'node:http';

register(new URL('../../scripts/ts-worker-loader.mjs', import.meta.url).href);
const { default: express } = await import('express');
const auth = await import(new URL('../../src/auth/index.ts', import.meta.url).href);
const { createLogger } = await import(new URL('../../src/logger.ts', import.meta.url).href);

const logger = createLogger('debug');
const { authenticator } = auth.buildAuthenticator(auth.parseAuthSettings(process.env), logger);
const app = express();
app.use('/graphql', auth.authMiddleware(authenticator, logger), (req, res) => res.json({ caller: auth.callerOf(req) }));
const server = createServer(app);
server.listen(0, '127.0.0.1', () => process.stdout.write(`LISTENING ${server.address().port}\n`));
