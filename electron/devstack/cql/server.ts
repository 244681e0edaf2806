// The CQL wire server around an engine: listens, hands each socket to serveConnection, relays the engine's schema
// changes as SCHEMA_CHANGE events, and closes everything (connections, then the engine) exactly once.
import type { Server, Socket } from 'node:net';
import { createSocketListener } from '../socketListener';
import { cqlVersionOf, evenTokens, type CqlEngine, type CqlEngineOptions, type NodeIdentity } from './engine/types';
import { serveConnection, type CqlConnection } from './connection';
import { loadHostId } from './hostId';
import { resolveCqlServerOptions, type CassandraVersion, type CqlServerOptions } from './options';
import { COMPRESSIONS } from './protocol/compression';
import { HIGHEST_VERSION, SUPPORTED_VERSIONS } from './protocol/constants';
import { RoleStore } from './auth/roleStore';
import { authRows } from './auth/authRows';
import { PreparedQueries } from './requestHandlers';
import { systemRowSource } from './views/systemViews';
import { serverSettings } from './views/settings';
import { createTraceStore } from './views/traces';

/** Trace sessions kept for system_traces (oldest dropped first). */
const TRACE_SESSIONS = 256;

/** A running CQL store: where clients connect, and an idempotent close that drains to disk. */
export interface CqlServer {
  host: string;
  port: number;
  close(): Promise<void>;
}

export type CqlEngineFactory = (options: CqlEngineOptions) => Promise<CqlEngine>;

/** The release drivers see in system.local per `cassandraVersion`; drivers branch on it (4.x+: system_schema). */
export const RELEASE_VERSIONS: Record<CassandraVersion, string> = { '4.1': '4.1.5', '5.0': '5.0.2' };

export async function startCqlServer(options: CqlServerOptions, createEngine: CqlEngineFactory): Promise<CqlServer> {
  const o = resolveCqlServerOptions(options);
  const log = o.logger;
  const hostId = await loadHostId(o.dataDir);
  let boundPort = o.port;
  const releaseVersion = RELEASE_VERSIONS[o.cassandraVersion];
  const tokens = evenTokens(o.vnodes);
  const identity = (): NodeIdentity => ({
    address: o.advertisedAddress,
    port: boundPort,
    dataCenter: o.dataCenter,
    rack: 'rack1',
    clusterName: o.clusterName,
    releaseVersion,
    hostId,
    tokens,
  });
  const connections = new Set<CqlConnection>();
  const traces = createTraceStore({
    limit: TRACE_SESSIONS,
    coordinator: () => ({ address: o.advertisedAddress, port: boundPort }),
  });
  const preparedQueries = new PreparedQueries();
  const roles = o.auth === null ? null : new RoleStore({ dataDir: o.dataDir, initial: o.auth });
  const settings = serverSettings(o, releaseVersion, () => boundPort);
  const systemRows = systemRowSource({
    traces,
    clients: () => [...connections].map((c) => c.info()),
    settings,
    auth: roles === null ? undefined : (table) => authRows(roles, table),
  });
  const engine = await createEngine({
    dataDir: o.dataDir,
    node: identity,
    logger: log.child({ part: 'engine' }),
    systemRows,
  });

  const supported = new Map<string, string[]>([
    ['CQL_VERSION', [cqlVersionOf(releaseVersion)]],
    ['COMPRESSION', [...COMPRESSIONS]],
    ['PROTOCOL_VERSIONS', SUPPORTED_VERSIONS.map((v) => `${v}/v${v}`)],
  ]);
  let nextId = 1;
  const listener = createSocketListener({
    tls: o.tls,
    logger: log,
    name: 'cql server',
    onConnection: (socket: Socket, input) => {
      const connection = serveConnection(socket, input, nextId++, {
        engine,
        credentials: o.auth,
        supported,
        maxFrameBytes: o.maxFrameBytes,
        logger: log,
        traces,
        preparedQueries,
        roles,
        ssl: o.tls !== undefined,
        onClosed: (c) => connections.delete(c),
      });
      connections.add(connection);
    },
  });
  const server: Server = listener.server;
  server.on('error', (error) => log.error({ err: error }, 'cql server: listener error'));
  const unsubscribe = engine.onSchemaChange((change) => {
    for (const c of connections) c.pushSchemaChange(change);
  });

  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(o.port, o.host, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (error) {
    unsubscribe();
    await engine.close();
    throw error;
  }
  const address = server.address();
  if (address !== null && typeof address === 'object') boundPort = address.port;
  log.info(
    {
      host: o.host,
      port: boundPort,
      dataDir: o.dataDir ?? null,
      auth: o.auth !== null,
      tls: o.tls !== undefined,
      protocol: `v${HIGHEST_VERSION}`,
      release: releaseVersion,
      dataCenter: o.dataCenter,
    },
    'cql server: listening',
  );

  let closing: Promise<void> | null = null;
  const close = async (): Promise<void> => {
    unsubscribe();
    const stopped = listener.close();
    for (const c of connections) c.destroy();
    connections.clear();
    await stopped;
    await engine.close();
    log.info({ port: boundPort }, 'cql server: closed');
  };
  return {
    host: o.host,
    port: boundPort,
    close: () => (closing ??= close()),
  };
}
