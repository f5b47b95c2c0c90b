import { pino, type Logger } from 'pino';

/**
 * Authorization headers and anything named like a secret are redacted at the logger, so a PAT cannot
 * reach the log even when a whole request or config object is logged by mistake.
 */
export function createLogger(level: string): Logger {
  return pino({
    level,
    redact: {
      paths: [
        'req.headers.authorization',
        'headers.authorization',
        '*.CLARIFAI_PAT',
        'CLARIFAI_PAT',
        'credential',
        '*.credential',
        'pat',
        '*.pat',
      ],
      censor: '[redacted]',
    },
  });
}

export type { Logger };
