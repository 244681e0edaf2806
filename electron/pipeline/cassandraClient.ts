import cassandra from 'cassandra-driver';
import type { Settings } from '../../shared/settings';

type CassandraSettings = Settings['cassandra'];

const ERR = cassandra.types.responseErrorCodes;

/** Cluster-side failures: wait and retry, never blame (or dead-letter) the row. */
const UNAVAILABLE_CODES = new Set<number>([
  ERR.serverError,
  ERR.unavailableException,
  ERR.overloaded,
  ERR.isBootstrapping,
  ERR.writeTimeout,
  ERR.readTimeout,
  ERR.writeFailure,
  ERR.unprepared,
]);

/** Whether a failed write is the cluster's fault (`unavailable`) or the row's (`rejected`). */
export function classifyCassandraError(error: unknown): 'unavailable' | 'rejected' {
  if (error instanceof cassandra.errors.ResponseError) {
    return UNAVAILABLE_CODES.has(error.code) ? 'unavailable' : 'rejected';
  }
  // NoHostAvailable, timeouts, closed sockets, a shut-down client: all transient from the row's point of view.
  return 'unavailable';
}

/** The first contact point's port (the driver uses it for hosts it discovers). */
function firstPort(contactPoints: readonly string[]): number {
  const last = contactPoints[0]?.split(':').pop();
  const port = Number(last);
  return Number.isInteger(port) && port > 0 ? port : 9042;
}

/** cassandra-driver options from the settings; `localDataCenter` must already be known. */
export function cassandraClientOptions(
  settings: CassandraSettings,
  localDataCenter: string,
): cassandra.DseClientOptions {
  const options: cassandra.DseClientOptions = {
    contactPoints: [...settings.contactPoints],
    localDataCenter,
    protocolOptions: { port: firstPort(settings.contactPoints) },
    queryOptions: { consistency: cassandra.types.consistencies[settingsConsistency(settings)], prepare: true },
    socketOptions: { connectTimeout: 5_000, readTimeout: 12_000 },
    policies: { reconnection: new cassandra.policies.reconnection.ExponentialReconnectionPolicy(250, 10_000, false) },
    pooling: { heartBeatInterval: 10_000 },
  };
  if (settings.credentials.username) {
    options.credentials = { username: settings.credentials.username, password: settings.credentials.password };
  }
  if (settings.tls.enabled) {
    options.sslOptions = {
      rejectUnauthorized: settings.tls.rejectUnauthorized,
      ...(settings.tls.ca ? { ca: [settings.tls.ca] } : {}),
    };
  }
  return options;
}

const CONSISTENCY_KEYS = {
  ONE: 'one',
  LOCAL_ONE: 'localOne',
  QUORUM: 'quorum',
  LOCAL_QUORUM: 'localQuorum',
  EACH_QUORUM: 'eachQuorum',
  ALL: 'all',
} as const;

function settingsConsistency(settings: CassandraSettings): (typeof CONSISTENCY_KEYS)[keyof typeof CONSISTENCY_KEYS] {
  return CONSISTENCY_KEYS[settings.consistency];
}

/**
 * The data center the first reachable contact point reports (system.local), for when the settings leave it empty:
 * cassandra-driver 4 insists on one. Uses a round-robin client that needs no data center, then closes it.
 */
export async function discoverDataCenter(settings: CassandraSettings): Promise<string> {
  const options = cassandraClientOptions(settings, '');
  delete options.localDataCenter;
  options.policies = {
    ...options.policies,
    loadBalancing: new cassandra.policies.loadBalancing.RoundRobinPolicy(),
  };
  options.isMetadataSyncEnabled = false;
  const client = new cassandra.Client(options);
  try {
    await client.connect();
    const rs = await client.execute("SELECT data_center, release_version FROM system.local WHERE key='local'", [], {
      prepare: false,
    });
    const dc = rs.first()?.get('data_center') as string | undefined;
    if (!dc) throw new Error('the cluster did not report a data center (system.local.data_center is empty)');
    return dc;
  } finally {
    await client.shutdown().catch(() => undefined);
  }
}

/** Connects a client for the pipeline: local data center from settings or from the cluster. */
export async function connectCassandra(
  settings: CassandraSettings,
): Promise<{ client: cassandra.Client; dataCenter: string; version?: string }> {
  const dataCenter = settings.localDataCenter || (await discoverDataCenter(settings));
  const client = new cassandra.Client(cassandraClientOptions(settings, dataCenter));
  try {
    await client.connect();
  } catch (error) {
    await client.shutdown().catch(() => undefined);
    throw error;
  }
  const host = client.hosts.values()[0];
  return { client, dataCenter, version: host?.cassandraVersion };
}
