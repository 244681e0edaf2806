import pino from 'pino';
import type { Logger } from '../../shared/logger';
import { REDACTED_PATHS } from '../pipeline/logSink';
import { UsageError, type CliIo } from './command';

const LEVELS = ['debug', 'info', 'warn', 'error'] as const;

/** A pino logger writing JSON lines to stderr, so stdout stays for what the command prints; secrets redacted. */
export function createCliLogger(io: CliIo, level: string | undefined): Logger {
  const chosen = level ?? io.env.USERSTREAM_LOG_LEVEL ?? 'info';
  if (!(LEVELS as readonly string[]).includes(chosen)) {
    throw new UsageError(`--log-level expects one of ${LEVELS.join(', ')}, got "${chosen}"`);
  }
  return pino(
    { level: chosen, base: undefined, redact: { paths: REDACTED_PATHS, censor: '[redacted]' } },
    io.stderr,
  ) as unknown as Logger;
}
