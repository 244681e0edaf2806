import type { Logger } from '../../shared/logger';

/** Options of `installProcessGuard`. */
export interface ProcessGuardOptions {
  logger: Logger;
  /** More faults than this within `windowMs` is a broken process, not one bad input: it exits (default 20). */
  maxFaults?: number;
  windowMs?: number;
  /** How to end the process (default `process.exit`; in a worker thread that ends the thread). */
  exit?: (code: number) => void;
  /** Where `uncaughtException` / `unhandledRejection` come from (default `process`; tests pass an emitter). */
  target?: Pick<NodeJS.EventEmitter, 'on' | 'off'>;
}

/** The installed guard. */
export interface ProcessGuard {
  /** A shutdown has begun: from now on an uncaught error ends the process (exit 1) rather than leave it hanging. */
  shuttingDown(): void;
  /** Faults survived so far. */
  faults(): number;
  /** Removes the handlers: Node's default (print and exit) applies again. */
  dispose(): void;
}

/** Exit code when the guard gives up: faults keep coming (EX_SOFTWARE). */
export const GUARD_EXIT_CODE = 70;

/** Errors after which no state can be trusted; the guard never survives these. */
const FATAL_CODES = new Set(['ENOMEM', 'ERR_WORKER_OUT_OF_MEMORY']);

/**
 * Only the name, message, code and stack of an error are logged: an error object may carry the options it was made
 * with (a client's config, passwords included), and those never reach a log.
 */
export function describeError(error: unknown): { name: string; message: string; code?: string; stack?: string } {
  if (!(error instanceof Error)) return { name: 'NonError', message: String(error).slice(0, 2000) };
  const code = (error as { code?: unknown }).code;
  return {
    name: error.name,
    message: error.message.slice(0, 2000),
    ...(typeof code === 'string' ? { code } : {}),
    ...(error.stack ? { stack: error.stack.slice(0, 8000) } : {}),
  };
}

/**
 * Keeps a long-running host up when one code path throws where nothing catches it (an uncaught exception or an
 * unhandled rejection): the error is logged and the process carries on, because one bad request must not take the
 * pipeline down with no drain. It does not hide real failures: a shutdown in progress, an out-of-memory error, or more
 * than `maxFaults` faults within `windowMs` still end the process, with a last log line saying why. Signals and
 * `process.exit` are untouched.
 */
export function installProcessGuard(options: ProcessGuardOptions): ProcessGuard {
  const { logger } = options;
  const maxFaults = options.maxFaults ?? 20;
  const windowMs = options.windowMs ?? 60_000;
  const exit = options.exit ?? ((code: number) => process.exit(code));
  const target = options.target ?? process;
  let recent: number[] = [];
  let total = 0;
  let stopping = false;

  const onFault = (origin: 'uncaughtException' | 'unhandledRejection') => (error: unknown) => {
    total++;
    const now = Date.now();
    recent = recent.filter((at) => now - at < windowMs);
    recent.push(now);
    const err = describeError(error);
    if (stopping) {
      logger.error({ err, origin }, 'uncaught error during shutdown; exiting');
      return exit(1);
    }
    if (err.code !== undefined && FATAL_CODES.has(err.code)) {
      logger.error({ err, origin }, 'fatal error; exiting');
      return exit(1);
    }
    if (recent.length > maxFaults) {
      logger.error({ err, origin, faults: recent.length, windowMs }, 'too many uncaught errors; exiting');
      return exit(GUARD_EXIT_CODE);
    }
    logger.error({ err, origin }, 'uncaught error; kept running');
  };
  const uncaught = onFault('uncaughtException');
  const rejected = onFault('unhandledRejection');
  target.on('uncaughtException', uncaught);
  target.on('unhandledRejection', rejected);
  return {
    shuttingDown: () => void (stopping = true),
    faults: () => total,
    dispose() {
      target.off('uncaughtException', uncaught);
      target.off('unhandledRejection', rejected);
    },
  };
}
