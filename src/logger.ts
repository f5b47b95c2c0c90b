import { pino, type DestinationStream, type Logger } from 'pino';

/**
 * Authorization headers and anything named like a secret are redacted at the logger, so a PAT cannot
 * reach the log even when a whole request or config object is logged by mistake. `destination` lets a
 * test read every line the service writes (stdout otherwise).
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
  return destination ? pino(options, destination) : pino(options);
}

export type { Logger };
