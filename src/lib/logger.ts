import pino, { type Logger } from 'pino';

/** Paths pino redacts wherever they appear in a log object. */
export const REDACT_PATHS = [
  'token',
  'password',
  'secret',
  'authorization',
  '*.token',
  '*.password',
  '*.secret',
  '*.authorization',
  'headers.authorization',
  '*.headers.authorization',
  'req.headers.authorization',
  'req.headers["x-hook-signature"]',
];

export interface LoggerOptions {
  readonly level?: string;
  /** Secret values to scrub from every line, whatever field they hide in. */
  readonly secrets?: () => readonly string[];
  /** Where lines go; default stderr (stdout is for command output). */
  readonly destination?: pino.DestinationStream;
}

/**
 * The process logger: JSON lines on stderr, secrets redacted by path and scrubbed by value
 * (a token that slipped into an error message still never reaches the log).
 */
export function createLogger(options: LoggerOptions = {}): Logger {
  const secrets = options.secrets ?? (() => []);
  const destination = options.destination ?? pino.destination({ fd: 2, sync: true });
  const scrubbing: pino.DestinationStream = {
    write(line: string) {
      let out = line;
      for (const value of secrets()) if (out.includes(value)) out = out.split(value).join('[redacted]');
      destination.write(out);
    },
  };
  return pino(
    {
      level: options.level ?? process.env.NBSYNC_LOG_LEVEL ?? 'info',
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      base: { name: 'nbsync' },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    scrubbing,
  );
}
