import type { LogFields, Logger, LogMethod } from '../../shared/logger';

/** A Logger that writes warnings and errors to the main process's console (the Core keeps its own log file). */
export function consoleLogger(bindings: LogFields = {}): Logger {
  const method =
    (write: (...args: unknown[]) => void): LogMethod =>
    (a: string | LogFields, b?: string) =>
      typeof a === 'string' ? write(a, bindings) : write(b ?? '', { ...bindings, ...a });
  const quiet: LogMethod = () => undefined;
  return {
    debug: quiet,
    info: quiet,
    warn: method(console.warn),
    error: method(console.error),
    child: (more) => consoleLogger({ ...bindings, ...more }),
  };
}
