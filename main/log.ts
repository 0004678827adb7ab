import pino, { type Logger } from 'pino';

export type { Logger };

/** One JSON line per event on stderr, so stdout stays free for CLI output. */
export function createLogger(level: string = process.env.HEARTH_LOG_LEVEL ?? 'info'): Logger {
  return pino({ level, base: { app: 'hearth' } }, pino.destination(2));
}
