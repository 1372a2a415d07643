import pino, { type Logger } from 'pino';

export type { Logger };

/**
 * Structured logs. Personal data, tokens and safeguarding text never go into a log line:
 * the redaction list is a last line of defence, not the way we keep them out.
 */
export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: 'conduct' },
      redact: {
        paths: [
          'req.headers.authorization',
          'req.headers.cookie',
          '*.token',
          '*.password',
          '*.narrative',
          '*.signedName',
        ],
        censor: '[redacted]',
      },
    },
    destination,
  );
}
