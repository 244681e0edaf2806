// Options of createCqlServer, validated up front so a mistake names the option instead of failing later.
import type { Logger } from '../../../shared/logger';
import { silentLogger } from '../../../shared/logger';
import { resolveTlsOption, type TlsKeyPair } from '../tlsOption';

export interface CqlServerOptions {
  /** Interface to listen on. Default "127.0.0.1". */
  host?: string;
  /** TCP port; 0 = any free port (the real one is returned and reported in system.local). Default 9042. */
  port?: number;
  /** Directory for the commit log, snapshots and the host id; omit for an in-memory store. */
  dataDir?: string;
  /** When set, clients must log in with PasswordAuthenticator and these credentials. */
  auth?: { username: string; password: string };
  /** Data center reported in system.local; drivers need it as `localDataCenter`. Default "datacenter1". */
  dataCenter?: string;
  /** Cluster name reported in system.local. Default "Userstream Dev Cluster". */
  clusterName?: string;
  /**
   * The Cassandra release the node reports and behaves as (release_version, CQL version, storage-attached indexes
   * on 5.0 only). Default "5.0".
   */
  cassandraVersion?: CassandraVersion;
  /** Vnode tokens the node reports in system.local (and size_estimates ranges). Default 16, as Cassandra 4.0+. */
  vnodes?: number;
  /**
   * Largest request frame accepted; a larger one gets a protocol error and closes that connection.
   * Default 256 MiB, the protocol's own limit (spec 2.5). Cassandra 4.x defaults native_transport_max_frame_size
   * to 16 MiB; set that here to catch oversized batches before production does.
   */
  maxFrameBytes?: number;
  /** Serve TLS with this PEM key and certificate (clients turn on `sslOptions`); omit for plaintext. */
  tls?: TlsKeyPair;
  logger?: Logger;
}

/** The Cassandra releases the store can present itself as. */
export const CASSANDRA_VERSIONS = ['4.1', '5.0'] as const;
export type CassandraVersion = (typeof CASSANDRA_VERSIONS)[number];

export interface ResolvedCqlServerOptions {
  host: string;
  advertisedAddress: string;
  port: number;
  dataDir: string | undefined;
  auth: { username: string; password: string } | null;
  dataCenter: string;
  clusterName: string;
  cassandraVersion: CassandraVersion;
  vnodes: number;
  maxFrameBytes: number;
  tls: TlsKeyPair | undefined;
  logger: Logger;
}

const PROTOCOL_MAX_FRAME = 256 * 1024 * 1024;

function fail(message: string): never {
  throw new TypeError(`createCqlServer: ${message}`);
}

function text(name: string, value: unknown): string {
  if (typeof value !== 'string' || value.trim() === '')
    fail(`option "${name}" must be a non-empty string (got ${JSON.stringify(value)})`);
  return value;
}

function integer(name: string, value: unknown, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max)
    fail(`option "${name}" must be an integer from ${min} to ${max} (got ${String(value)})`);
  return value;
}

function cassandraVersion(value: unknown): CassandraVersion {
  if (value === undefined) return '5.0';
  const known = CASSANDRA_VERSIONS.find((v) => v === value);
  if (known === undefined)
    fail(`option "cassandraVersion" must be one of ${CASSANDRA_VERSIONS.join(', ')} (got ${JSON.stringify(value)})`);
  return known;
}

export function resolveCqlServerOptions(options: CqlServerOptions): ResolvedCqlServerOptions {
  if (typeof options !== 'object' || options === null) fail('options must be an object');
  const host = options.host === undefined ? '127.0.0.1' : text('host', options.host);
  let auth: ResolvedCqlServerOptions['auth'] = null;
  if (options.auth !== undefined) {
    if (typeof options.auth !== 'object' || options.auth === null) fail('option "auth" must be { username, password }');
    auth = {
      username: text('auth.username', options.auth.username),
      password: text('auth.password', options.auth.password),
    };
  }
  const logger = options.logger ?? silentLogger;
  if (typeof logger.warn !== 'function' || typeof logger.child !== 'function')
    fail('option "logger" must be a Logger (debug/info/warn/error/child)');
  return {
    host,
    // Clients connect to the address system.local reports, so a wildcard listener advertises loopback.
    advertisedAddress: host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host === 'localhost' ? '127.0.0.1' : host,
    port: options.port === undefined ? 9042 : integer('port', options.port, 0, 65535),
    dataDir: options.dataDir === undefined ? undefined : text('dataDir', options.dataDir),
    auth,
    dataCenter: options.dataCenter === undefined ? 'datacenter1' : text('dataCenter', options.dataCenter),
    clusterName:
      options.clusterName === undefined ? 'Userstream Dev Cluster' : text('clusterName', options.clusterName),
    cassandraVersion: cassandraVersion(options.cassandraVersion),
    vnodes: options.vnodes === undefined ? 16 : integer('vnodes', options.vnodes, 1, 256),
    maxFrameBytes:
      options.maxFrameBytes === undefined
        ? PROTOCOL_MAX_FRAME
        : integer('maxFrameBytes', options.maxFrameBytes, 1024, PROTOCOL_MAX_FRAME),
    tls: resolveTlsOption('createCqlServer', options.tls),
    logger,
  };
}
