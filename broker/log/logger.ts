import { type Logger, pino } from 'pino';

export type { Logger };

/** Structured JSON logs on stdout. Never log case data or plain identifiers. */
export function createLogger(level: string): Logger {
  return pino({ level, base: { service: 'zvh-broker' } });
}
