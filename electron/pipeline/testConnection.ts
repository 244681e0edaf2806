import cassandra from 'cassandra-driver';
import { Kafka, logLevel } from 'kafkajs';
import type { Settings } from '../../shared/settings';
import { cassandraClientOptions } from './cassandraClient';
import { saslOptions } from './kafkaClient';
import { searchSupportFor } from './userTable';

/** What a connection test found (same shape as the Core's `ConnectionReport`). */
export interface ConnectionCheck {
  ok: boolean;
  code: string;
  message: string;
  details: Record<string, string>;
  elapsedMs: number;
}

/** Every message and code along an error's chain (kafkajs wraps, the driver collects per host). */
function errorChain(error: unknown): { text: string; names: string[] } {
  const parts: string[] = [];
  const names: string[] = [];
  const seen = new Set<unknown>();
  const walk = (e: unknown) => {
    if (!e || seen.has(e)) return;
    seen.add(e);
    if (e instanceof Error) {
      names.push(e.name);
      parts.push(e.message);
      const x = e as Error & {
        code?: unknown;
        originalError?: unknown;
        cause?: unknown;
        innerErrors?: Record<string, unknown>;
      };
      if (typeof x.code === 'string') parts.push(x.code);
      walk(x.originalError);
      walk(x.cause);
      if (x.innerErrors) Object.values(x.innerErrors).forEach(walk);
    } else parts.push(String(e));
  };
  walk(error);
  return { text: parts.join(' | '), names };
}

const TLS_HINT = /SSL|TLS|certificate|CERT_|self[- ]signed|EPROTO|wrong version number|handshake/i;
const UNREACHABLE_HINT =
  /ECONNREFUSED|ENOTFOUND|EHOSTUNREACH|ETIMEDOUT|ECONNRESET|EAI_AGAIN|timed? ?out|Connection error|connect/i;

/** Sorts a failure into the answers a person can act on. */
export function classifyConnectionError(
  error: unknown,
  side: 'kafka' | 'cassandra',
): { code: string; message: string } {
  const { text, names } = errorChain(error);
  const what = side === 'kafka' ? 'the Kafka brokers' : 'Cassandra';
  if (
    names.includes('KafkaJSSASLAuthenticationError') ||
    names.includes('AuthenticationError') ||
    /authentication|password|credentials/i.test(text)
  ) {
    return { code: 'auth_failed', message: `${what} rejected the credentials: ${text}` };
  }
  if (/Datacenter .* was not found|localDataCenter/i.test(text)) return { code: 'unknown_dc', message: text };
  if (TLS_HINT.test(text)) return { code: 'tls_failed', message: `TLS handshake with ${what} failed: ${text}` };
  if (UNREACHABLE_HINT.test(text)) return { code: 'unreachable', message: `${what} did not answer: ${text}` };
  return { code: 'error', message: text };
}

/** Connects to the brokers, reads the cluster and checks the topic exists. */
export async function testKafkaConnection(settings: Settings['kafka']): Promise<ConnectionCheck> {
  const started = Date.now();
  const done = (ok: boolean, code: string, message: string, details: Record<string, string> = {}): ConnectionCheck => ({
    ok,
    code,
    message,
    details,
    elapsedMs: Date.now() - started,
  });
  const kafka = new Kafka({
    clientId: `${settings.clientId}-test`,
    brokers: [...settings.brokers],
    ssl: settings.ssl.enabled
      ? { rejectUnauthorized: settings.ssl.rejectUnauthorized, ...(settings.ssl.ca ? { ca: [settings.ssl.ca] } : {}) }
      : false,
    sasl: saslOptions(settings),
    connectionTimeout: settings.connectionTimeoutMs,
    requestTimeout: 10_000,
    retry: { retries: 0 },
    logLevel: logLevel.NOTHING,
  });
  const admin = kafka.admin();
  try {
    await admin.connect();
    const cluster = await admin.describeCluster();
    const topics = await admin.listTopics();
    const details = {
      clusterId: cluster.clusterId,
      brokers: String(cluster.brokers.length),
      controller: String(cluster.controller ?? ''),
    };
    if (!topics.includes(settings.topic)) {
      return done(
        true,
        'topic_missing',
        `Connected, but topic "${settings.topic}" does not exist yet: create it, or let the first producer create it if the cluster allows auto-creation.`,
        details,
      );
    }
    return done(
      true,
      'ok',
      `Connected to ${cluster.brokers.length} broker(s); topic "${settings.topic}" exists.`,
      details,
    );
  } catch (error) {
    const { code, message } = classifyConnectionError(error, 'kafka');
    return done(false, code, message);
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

/** Connects to Cassandra, reads its data centers and checks the data center and keyspace. */
export async function testCassandraConnection(settings: Settings['cassandra']): Promise<ConnectionCheck> {
  const started = Date.now();
  const done = (ok: boolean, code: string, message: string, details: Record<string, string> = {}): ConnectionCheck => ({
    ok,
    code,
    message,
    details,
    elapsedMs: Date.now() - started,
  });
  const options = cassandraClientOptions(settings, '');
  delete options.localDataCenter;
  options.policies = { ...options.policies, loadBalancing: new cassandra.policies.loadBalancing.RoundRobinPolicy() };
  options.isMetadataSyncEnabled = false;
  options.socketOptions = { ...options.socketOptions, connectTimeout: 5_000 };
  const client = new cassandra.Client(options);
  try {
    await client.connect();
    const local = (
      await client.execute("SELECT * FROM system.local WHERE key='local'", [], { prepare: false })
    ).first();
    const peers = (
      await client.execute('SELECT data_center, release_version FROM system.peers', [], { prepare: false })
    ).rows;
    const dcs = [
      ...new Set(
        [local?.get('data_center') as string, ...peers.map((p) => p.get('data_center') as string)].filter(Boolean),
      ),
    ];
    const details: Record<string, string> = {
      cluster: String(local?.get('cluster_name') ?? ''),
      releaseVersion: String(local?.get('release_version') ?? ''),
      // What the pipeline will use for exact search here (decided the same way when it connects).
      search:
        searchSupportFor([
          local?.get('release_version') as string | undefined,
          ...peers.map((p) => p.get('release_version') as string | undefined),
        ]) === 'sai'
          ? 'SAI indexes on email and username (Cassandra 5.0+)'
          : 'lookup tables by email and by username (Cassandra before 5.0)',
      dataCenters: dcs.join(', '),
    };
    if (settings.localDataCenter && !dcs.includes(settings.localDataCenter)) {
      return done(
        false,
        'unknown_dc',
        `Data center "${settings.localDataCenter}" is not in this cluster; it has: ${dcs.join(', ')}. Leave it empty to use the contact point's.`,
        details,
      );
    }
    const ks = await client.execute(
      `SELECT keyspace_name FROM system_schema.keyspaces WHERE keyspace_name='${settings.keyspace}'`,
      [],
      { prepare: false },
    );
    if (ks.rows.length === 0) {
      return done(
        true,
        'keyspace_missing',
        `Connected, but keyspace "${settings.keyspace}" does not exist yet: Userstream creates it on start (the user needs CREATE permission).`,
        details,
      );
    }
    return done(
      true,
      'ok',
      `Connected to Cassandra ${details.releaseVersion} (${dcs.join(', ')}); keyspace "${settings.keyspace}" exists; search through ${details.search}.`,
      details,
    );
  } catch (error) {
    const { code, message } = classifyConnectionError(error, 'cassandra');
    return done(false, code, message);
  } finally {
    await client.shutdown().catch(() => undefined);
  }
}
