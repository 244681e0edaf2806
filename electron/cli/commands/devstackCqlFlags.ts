// The CQL store's flags of `userstream devstack`: which Cassandra it presents itself as, its data center and vnodes,
// and PasswordAuthenticator credentials, whose password can stay out of `ps` (environment variable or file).
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
// The options module only: the CLI loads the stack itself lazily.
import { CASSANDRA_VERSIONS, type CassandraVersion } from '../../devstack/cql/options';
import type { DevstackCqlOptions } from '../../devstack';
import { intFlag, stringFlag, UsageError, type CliValues } from '../command';

/** Where `--cql-auth USER` (without a password) finds the password when no file is given. */
export const CQL_PASSWORD_ENV = 'USERSTREAM_CQL_PASSWORD';

/** Flag lines for `--help`. */
export const CQL_FLAG_USAGE = [
  `--cassandra-version V  Cassandra release the CQL store presents itself as: ${CASSANDRA_VERSIONS.join(' or ')} (default 5.0; SAI indexes need 5.0)`,
  '--dc NAME          data center the CQL store reports, what drivers need as localDataCenter (default datacenter1)',
  '--vnodes N         vnode tokens the CQL store reports in system.local, 1-256 (default 16)',
  `--cql-auth USER[:PASSWORD]  require PasswordAuthenticator logins; without :PASSWORD, the password comes from --cql-password-file or $${CQL_PASSWORD_ENV}`,
  '--cql-password-file FILE  the --cql-auth password (first line of FILE)',
];

export const CQL_FLAG_OPTIONS = {
  'cassandra-version': { type: 'string' },
  dc: { type: 'string' },
  vnodes: { type: 'string' },
  'cql-auth': { type: 'string' },
  'cql-password-file': { type: 'string' },
} as const;

function cqlAuth(values: CliValues, env: Readonly<Record<string, string | undefined>>): DevstackCqlOptions['auth'] {
  const raw = stringFlag(values, 'cql-auth');
  const file = stringFlag(values, 'cql-password-file');
  if (raw === undefined) {
    if (file !== undefined) throw new UsageError('--cql-password-file needs --cql-auth USER');
    return undefined;
  }
  const colon = raw.indexOf(':');
  const username = colon < 0 ? raw : raw.slice(0, colon);
  if (username === '') throw new UsageError(`--cql-auth expects USER or USER:PASSWORD, got "${raw}"`);
  let password = colon < 0 ? undefined : raw.slice(colon + 1);
  if (password !== undefined && file !== undefined)
    throw new UsageError('give the --cql-auth password either after the colon or in --cql-password-file, not both');
  if (password === undefined && file !== undefined) {
    try {
      password = readFileSync(resolve(file), 'utf8').split(/\r?\n/)[0];
    } catch (error) {
      throw new UsageError(
        `--cql-password-file: cannot read "${file}" (${(error as NodeJS.ErrnoException).code ?? String(error)})`,
      );
    }
  }
  password ??= env[CQL_PASSWORD_ENV];
  if (password === undefined || password === '')
    throw new UsageError(
      `--cql-auth ${username}: no password (use USER:PASSWORD, --cql-password-file FILE or $${CQL_PASSWORD_ENV})`,
    );
  return { username, password };
}

/** The CQL store's options from the devstack flags; throws UsageError naming a bad flag. */
export function devstackCqlOptions(
  values: CliValues,
  env: Readonly<Record<string, string | undefined>>,
): DevstackCqlOptions {
  const version = stringFlag(values, 'cassandra-version');
  const known = CASSANDRA_VERSIONS.find((v) => v === version);
  if (version !== undefined && known === undefined)
    throw new UsageError(`--cassandra-version expects ${CASSANDRA_VERSIONS.join(' or ')}, got "${version}"`);
  const dc = stringFlag(values, 'dc');
  if (dc !== undefined && !/^[\w.-]{1,64}$/.test(dc))
    throw new UsageError(`--dc expects a data center name (letters, digits, _ . -), got "${dc}"`);
  return {
    cassandraVersion: (known ?? '5.0') satisfies CassandraVersion,
    dataCenter: dc ?? 'datacenter1',
    vnodes: intFlag(values, 'vnodes', 16, 1, 256),
    auth: cqlAuth(values, env),
  };
}
