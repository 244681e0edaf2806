// Options of createKafkaBroker, validated up front so a mistake names the option instead of failing later.
import type { Logger } from '../../../shared/logger';
import { silentLogger } from '../../../shared/logger';
import { resolveTlsOption, type TlsKeyPair } from '../tlsOption';
import { isSaslMechanism, SASL_MECHANISMS, type SaslConfig, type SaslMechanism } from './server/sasl/session';

export interface KafkaBrokerOptions {
  /** Interface to listen on. Default "127.0.0.1". */
  host?: string;
  /** Host name put in Metadata for clients to connect to. Default: `host`, or "127.0.0.1" when host is a wildcard. */
  advertisedHost?: string;
  /** TCP port; 0 = any free port (the real one is advertised and returned). Default 9092. */
  port?: number;
  /**
   * Port put in Metadata for clients to connect to, when it is not the one listened on: a proxy or a port forward in
   * front of the broker (clients reconnect to the advertised address, so without this they go around it). Default: the
   * real listening port.
   */
  advertisedPort?: number;
  /** Directory for topic logs and metadata; omit for an in-memory broker. */
  dataDir?: string;
  /** Partitions of auto-created topics and of CreateTopics with -1. Default 3. */
  defaultPartitions?: number;
  /** Largest request frame accepted; a larger one closes that connection. Default 100 MiB. */
  maxFrameBytes?: number;
  /** Keep at most about this many bytes per partition, dropping the oldest data. Default: unlimited. */
  retentionBytesPerPartition?: number;
  /** Node id of this broker. Default 1. */
  nodeId?: number;
  /**
   * How often the log cleaner runs: time and size retention, and compaction of cleanup.policy=compact topics whose
   * dirty share reached min.cleanable.dirty.ratio. Default 15 000 ms (Kafka's log.cleaner.backoff.ms); 0 = never on
   * a timer (`broker.maintainLogs()` still runs it).
   */
  logCleanerIntervalMs?: number;
  /**
   * Require SASL authentication (as a SASL_PLAINTEXT listener): `users` maps user names to passwords; `mechanisms`
   * defaults to PLAIN, SCRAM-SHA-256 and SCRAM-SHA-512. Omit for no authentication.
   */
  sasl?: {
    users: Record<string, string>;
    mechanisms?: SaslMechanism[];
    /** Passwords for one SCRAM mechanism only, taking precedence over `users` there (as `kafka-configs` sets them). */
    scramUsers?: Partial<Record<'SCRAM-SHA-256' | 'SCRAM-SHA-512', Record<string, string>>>;
  };
  /**
   * Serve TLS with this PEM key and certificate (an SSL listener, or SASL_SSL with `sasl`); omit for plaintext. The
   * certificate should name `advertisedHost`, as clients check it against the address Metadata gives them.
   */
  tls?: TlsKeyPair;
  logger?: Logger;
}

export interface ResolvedBrokerOptions {
  host: string;
  advertisedHost: string;
  port: number;
  advertisedPort: number | undefined;
  dataDir: string | undefined;
  defaultPartitions: number;
  maxFrameBytes: number;
  retentionBytesPerPartition: number | undefined;
  segmentBytes: number;
  nodeId: number;
  logCleanerIntervalMs: number;
  sasl: SaslConfig | undefined;
  tls: TlsKeyPair | undefined;
  logger: Logger;
}

function integer(name: string, value: unknown, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new RangeError(
      `createKafkaBroker: option "${name}" must be an integer from ${min} to ${max} (got ${String(value)})`,
    );
  }
  return value;
}

function text(name: string, value: unknown): string {
  if (typeof value !== 'string' || value.trim() === '')
    throw new TypeError(`createKafkaBroker: option "${name}" must be a non-empty string (got ${String(value)})`);
  return value;
}

/** Validates the `sasl` option (also of extra listeners); undefined = no authentication. */
export function resolveSasl(value: unknown): SaslConfig | undefined {
  if (value === undefined) return undefined;
  const fail = (what: string): never => {
    throw new TypeError(`createKafkaBroker: option "sasl" ${what}`);
  };
  if (typeof value !== 'object' || value === null) return fail('must be an object { users, mechanisms? }');
  const { users, mechanisms, scramUsers } = value as { users?: unknown; mechanisms?: unknown; scramUsers?: unknown };
  if (typeof users !== 'object' || users === null || Array.isArray(users))
    return fail('needs "users": an object of user name to password');
  const entries = Object.entries(users);
  if (entries.length === 0) return fail('needs at least one user in "users"');
  for (const [user, password] of entries) {
    if (user === '') fail('has an empty user name');
    if (typeof password !== 'string' || password === '') fail(`user "${user}" needs a non-empty string password`);
  }
  let chosen: SaslMechanism[] = [...SASL_MECHANISMS];
  if (mechanisms !== undefined) {
    if (!Array.isArray(mechanisms) || mechanisms.length === 0)
      return fail(`"mechanisms" must be a non-empty array of ${SASL_MECHANISMS.join(', ')}`);
    for (const m of mechanisms as unknown[])
      if (!isSaslMechanism(m)) fail(`"mechanisms" has ${JSON.stringify(m)}; supported: ${SASL_MECHANISMS.join(', ')}`);
    chosen = [...new Set(mechanisms as SaslMechanism[])];
  }
  const scram: SaslConfig['scramUsers'] = {};
  if (scramUsers !== undefined) {
    if (typeof scramUsers !== 'object' || scramUsers === null) return fail('"scramUsers" must be an object');
    for (const [mechanism, list] of Object.entries(scramUsers)) {
      if (mechanism !== 'SCRAM-SHA-256' && mechanism !== 'SCRAM-SHA-512')
        return fail(`"scramUsers" has ${mechanism}; only SCRAM-SHA-256 and SCRAM-SHA-512`);
      if (typeof list !== 'object' || list === null)
        return fail(`"scramUsers.${mechanism}" must map users to passwords`);
      for (const [user, password] of Object.entries(list as Record<string, unknown>))
        if (user === '' || typeof password !== 'string' || password === '')
          fail(`"scramUsers.${mechanism}" needs non-empty user names and passwords`);
      scram[mechanism] = { ...(list as Record<string, string>) };
    }
  }
  const resolved: SaslConfig = { users: Object.fromEntries(entries) as Record<string, string>, mechanisms: chosen };
  if (scramUsers !== undefined) resolved.scramUsers = scram;
  return resolved;
}

export function resolveBrokerOptions(options: KafkaBrokerOptions): ResolvedBrokerOptions {
  if (typeof options !== 'object' || options === null)
    throw new TypeError('createKafkaBroker: options must be an object');
  const host = options.host === undefined ? '127.0.0.1' : text('host', options.host);
  const wildcard = host === '0.0.0.0' || host === '::';
  const advertisedHost =
    options.advertisedHost === undefined
      ? wildcard
        ? '127.0.0.1'
        : host
      : text('advertisedHost', options.advertisedHost);
  const retention =
    options.retentionBytesPerPartition === undefined
      ? undefined
      : integer('retentionBytesPerPartition', options.retentionBytesPerPartition, 1024, Number.MAX_SAFE_INTEGER);
  const logger = options.logger ?? silentLogger;
  if (typeof logger.info !== 'function' || typeof logger.child !== 'function')
    throw new TypeError('createKafkaBroker: option "logger" must be a Logger');
  return {
    host,
    advertisedHost,
    port: options.port === undefined ? 9092 : integer('port', options.port, 0, 65535),
    advertisedPort:
      options.advertisedPort === undefined ? undefined : integer('advertisedPort', options.advertisedPort, 1, 65535),
    dataDir: options.dataDir === undefined ? undefined : text('dataDir', options.dataDir),
    defaultPartitions:
      options.defaultPartitions === undefined ? 3 : integer('defaultPartitions', options.defaultPartitions, 1, 10_000),
    maxFrameBytes:
      options.maxFrameBytes === undefined
        ? 100 * 1024 * 1024
        : integer('maxFrameBytes', options.maxFrameBytes, 1024, 0x7fffffff),
    retentionBytesPerPartition: retention,
    // Retention deletes whole segments, so segments are a fraction of the retention budget.
    segmentBytes:
      retention === undefined
        ? 64 * 1024 * 1024
        : Math.max(4096, Math.min(64 * 1024 * 1024, Math.floor(retention / 4))),
    nodeId: options.nodeId === undefined ? 1 : integer('nodeId', options.nodeId, 0, 0x7fffffff),
    logCleanerIntervalMs:
      options.logCleanerIntervalMs === undefined
        ? 15_000
        : integer('logCleanerIntervalMs', options.logCleanerIntervalMs, 0, 0x7fffffff),
    sasl: resolveSasl(options.sasl),
    tls: resolveTlsOption('createKafkaBroker', options.tls),
    logger,
  };
}
