/** Structured fields attached to a log line. */
export type LogFields = Record<string, unknown>;

/** One log method: `log('message')` or `log({ fields }, 'message')`, the subset of pino every module relies on. */
export interface LogMethod {
  (message: string): void;
  (fields: LogFields, message?: string): void;
}

/** The logger every factory accepts; pino instances satisfy it through `fromPino`-style wrappers or directly. */
export interface Logger {
  debug: LogMethod;
  info: LogMethod;
  warn: LogMethod;
  error: LogMethod;
  /** A logger whose lines carry `bindings` as extra fields. */
  child(bindings: LogFields): Logger;
}

const noop: LogMethod = () => undefined;

/** A logger that drops everything: the default where no logger is given. */
export const silentLogger: Logger = {
  debug: noop,
  info: noop,
  warn: noop,
  error: noop,
  child: () => silentLogger,
};
