import { pino, type DestinationStream, type Logger } from 'pino';

/**
 * Authorization headers (and the API-key and PAT headers) and anything named like a secret are redacted
 * at the logger, so a secret cannot reach the log even when a whole request or config object is logged by
 * mistake. `destination` lets a test read every line the service writes (stdout otherwise). In a terminal
 * with NODE_ENV=development the lines are pretty-printed; everywhere else they stay JSON, one per line,
 * for log shippers.
 */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  const options = {
    level,
    redact: {
      paths: [
        'req.headers.authorization',
        'headers.authorization',
        'req.headers["x-api-key"]',
        'headers["x-api-key"]',
        'req.headers["x-clarifai-pat"]',
        'headers["x-clarifai-pat"]',
        '*.CLARIFAI_PAT',
        'CLARIFAI_PAT',
        'credential',
        '*.credential',
        'pat',
        '*.pat',
      ],
      censor: '[redacted]',
    },
  };
  if (destination) return pino(options, destination);
  if (prettyOutput()) return pino({ ...options, transport: { target: 'pino-pretty', options: { colorize: true, translateTime: 'SYS:HH:MM:ss.l' } } });
  return pino(options);
}

export type { Logger };

function prettyOutput(): boolean {
  return process.env.NODE_ENV === 'development' && process.stdout.isTTY === true;
}
