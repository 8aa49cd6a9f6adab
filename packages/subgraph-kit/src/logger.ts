import { pino, type Logger } from 'pino';
import type { LogLevel } from './config.js';

export type { Logger } from 'pino';

/**
 * A pino JSON logger whose `name` is the subgraph's.
 *
 * @example
 * ```ts
 * const log = createLogger('person', 'info');
 * log.info({ port: 4001 }, 'listening');
 * ```
 */
export function createLogger(name: string, level: LogLevel): Logger {
  return pino({ name, level, base: { name, pid: process.pid } });
}
