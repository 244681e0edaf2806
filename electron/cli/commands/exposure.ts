import { isLoopbackHost } from '../../web/hostNames';
import { stringFlag, UsageError, type CliValues } from '../command';

/** The flag that turns a non-loopback `--host` from a mistake into a choice. */
export const ALLOW_REMOTE_FLAG = 'allow-remote';

/** The `--allow-remote` option, for a command's `options`. */
export const allowRemoteOption = { [ALLOW_REMOTE_FLAG]: { type: 'boolean' } } as const;

/**
 * `--host`, checked: a loopback address (the default) needs nothing; any other address serves other machines, so it needs
 * `--allow-remote`, and `warning` says who can then reach what (`reach` completes "anyone who can reach … can …").
 */
export function exposedHost(
  values: CliValues,
  reach: (host: string) => string,
): { host: string; warning: string | null } {
  const host = stringFlag(values, 'host') ?? '127.0.0.1';
  if (host.trim() === '') throw new UsageError('--host expects an address or host name, got ""');
  if (isLoopbackHost(host)) return { host, warning: null };
  if (values[ALLOW_REMOTE_FLAG] !== true)
    throw new UsageError(
      `--host ${host} is reachable from other machines; add --${ALLOW_REMOTE_FLAG} to mean it (default 127.0.0.1)`,
    );
  return { host, warning: `Warning: listening on ${host}, not loopback: ${reach(host)}` };
}
