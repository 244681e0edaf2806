/** An error that crosses a boundary (IPC, WebSocket, CLI) as data: a stable code, a readable message, and whether a retry may help. */
export interface AppError {
  code: string;
  message: string;
  retriable: boolean;
}

/** The shape of every answer that crosses a boundary: a value or an error, never a throw. */
export type Result<T, E = AppError> = { ok: true; value: T } | { ok: false; error: E };

/** Wraps a value as a successful result. */
export function ok<T>(value: T): { ok: true; value: T } {
  return { ok: true, value };
}

/** Wraps an error as a failed result. */
export function err<E>(error: E): { ok: false; error: E } {
  return { ok: false, error };
}

/** Builds an AppError; `retriable` defaults to false. */
export function appError(code: string, message: string, retriable = false): AppError {
  return { code, message, retriable };
}
