import pino from 'pino';
import type { Logger } from '../../shared/logger';
import { UsageError, type CliIo } from './command';

const LEVELS = ['debug', 'info', 'warn', 'error'] as const;

/** A pino logger writing JSON lines to stderr, so stdout stays for what the command prints. */
export function createCliLogger(io: CliIo, level: string | undefined): Logger {
  const chosen = level ?? io.env.USERSTREAM_LOG_LEVEL ?? 'info';
  if (!(LEVELS as readonly string[]).includes(chosen)) {
    throw new UsageError(`--log-level expects one of ${LEVELS.join(', ')}, got "${chosen}"`);
  }
  return pino({ level: chosen, base: undefined }, io.stderr) as unknown as Logger;
}
