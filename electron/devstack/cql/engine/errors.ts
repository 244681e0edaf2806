// Exceptions used inside the engine, and their translation to protocol errors at the engine's boundary.
import { InvalidRequest } from './bind';
import { FunctionError } from './functions';
import { CqlSyntaxError } from './lexer';
import { CqlUnsupportedError } from './parser';
import { CqlErrorCode, type CqlError } from './types';

export class AlreadyExists extends Error {
  constructor(
    message: string,
    readonly keyspace: string,
    readonly table: string,
  ) {
    super(message);
  }
}

export class ConfigError extends Error {}

export class Unprepared extends Error {
  constructor(readonly id: Buffer) {
    super(
      `Prepared query with ID ${id.toString('hex')} not found (either the query was not prepared on this host (maybe ` +
        'the host has been restarted?) or you have prepared too many queries and it has been evicted from the internal cache)',
    );
  }
}

/** The CqlError for something thrown while running a statement; unknown throws become server errors. */
export function toCqlError(e: unknown): CqlError {
  if (e instanceof AlreadyExists)
    return { code: CqlErrorCode.alreadyExists, message: e.message, keyspace: e.keyspace, table: e.table };
  if (e instanceof CqlSyntaxError) return { code: CqlErrorCode.syntaxError, message: e.message };
  if (e instanceof InvalidRequest || e instanceof CqlUnsupportedError || e instanceof FunctionError)
    return { code: CqlErrorCode.invalid, message: e.message };
  if (e instanceof Unprepared) return { code: CqlErrorCode.unprepared, message: e.message, id: e.id };
  if (e instanceof ConfigError) return { code: CqlErrorCode.configError, message: e.message };
  const message = e instanceof Error ? e.message : String(e);
  return { code: CqlErrorCode.serverError, message: `java.lang.RuntimeException: ${message}` };
}
