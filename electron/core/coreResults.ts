import { appError, err, ok, type Result } from '../../shared/result';

/** The message of anything thrown. */
export const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** A thrown error as data: `{ ok: false, error: { code, message, retriable: false } }`. */
export const fail = (code: string, error: unknown) => err(appError(code, messageOf(error), false));

/** Runs `action`; a throw becomes `fail(code, …)`. */
export async function guard(code: string, action: () => Promise<void>): Promise<Result<void>> {
  try {
    await action();
    return ok(undefined);
  } catch (error) {
    return fail(code, error);
  }
}

/** What a monitor answers to whatever would start consuming. */
export const monitorOnly = () =>
  err(appError('monitor_only', 'This instance only monitors the group; it never consumes.', false));
