// createKafkaBroker: listens, wires storage, the built-in API handlers and plug-in handler sets, and closes cleanly.
import type { Socket } from 'node:net';
import type { Logger } from '../../../shared/logger';
import { createSocketListener } from '../socketListener';
import { apiVersionsHandler, apiVersionsList } from './apis/apiVersions';
import type { BrokerCore } from './apis/brokerCore';
import { alterConfigsHandler, incrementalAlterConfigsHandler } from './apis/alterConfigs';
import { deleteRecordsHandler } from './apis/deleteRecords';
import { describeConfigsHandler } from './apis/describeConfigs';
import { fetchHandler } from './apis/fetch';
import { listOffsetsHandler } from './apis/listOffsets';
import { metadataHandler } from './apis/metadata';
import { produceHandler } from './apis/produce';
import {
  createPartitionsHandler,
  createTopicsHandler,
  deleteTopicsHandler,
  initProducerIdHandler,
} from './apis/topicAdmin';
import type { ApiHandler, ApiHandlerSet, BrokerIdentity, BrokerServices } from './apis/types';
import { resolveBrokerOptions, type KafkaBrokerOptions, type ResolvedBrokerOptions } from './options';
import { serveConnection } from './server/connection';
import { createSaslSessions, saslApiVersions } from './server/sasl/session';
import { AppendSignal } from './storage/appendSignal';
import { lockDataDir } from './storage/dataDirLock';
import { TopicStore } from './storage/topicStore';

/** A running broker. */
export interface KafkaBroker {
  /** Advertised host. */
  host: string;
  /** Real listening port. */
  port: number;
  /** Port given to clients in Metadata: `advertisedPort`, or the listening port. */
  advertisedPort: number;
  /**
   * Runs the log cleaner now over every partition: retention, and compaction where due (`force`: every compacted
   * log whatever its dirty ratio). The timer (`logCleanerIntervalMs`) runs the same without `force`.
   */
  maintainLogs(force?: boolean): void;
  /** Stops listening, closes client connections and plug-ins, flushes and closes the logs. Idempotent. */
  close(): Promise<void>;
}

/** Builds plug-in handler sets (e.g. the group coordinator) once the broker's services exist. */
export type HandlerSetFactory = (services: BrokerServices) => ApiHandlerSet;

/**
 * The broker's settings as Kafka static broker configs (what server.properties would hold), which topic configs fall
 * back to. This broker keeps data until told otherwise (log.retention.ms -1, where Kafka's default is 7 days).
 */
function brokerSettings(opts: ResolvedBrokerOptions): Map<string, string> {
  const settings = new Map<string, string>([
    ['node.id', String(opts.nodeId)],
    ['broker.id', String(opts.nodeId)],
    ['num.partitions', String(opts.defaultPartitions)],
    ['log.retention.ms', '-1'],
    ['log.segment.bytes', String(opts.segmentBytes)],
    ['message.max.bytes', String(opts.maxFrameBytes)],
    ['socket.request.max.bytes', String(opts.maxFrameBytes)],
  ]);
  if (opts.retentionBytesPerPartition !== undefined)
    settings.set('log.retention.bytes', String(opts.retentionBytesPerPartition));
  if (opts.dataDir !== undefined) settings.set('log.dirs', opts.dataDir);
  return settings;
}

/** Runs the log cleaner over every partition; a failing partition is logged and the others still run. */
function maintainAll(store: TopicStore, logger: Logger, force: boolean): void {
  const now = Date.now();
  for (const topic of store.all()) {
    topic.partitions.forEach((log, partition) => {
      try {
        log.maintain(now, force);
      } catch (error) {
        logger.error({ err: error, topic: topic.name, partition }, 'kafka broker: log cleaner failed');
      }
    });
  }
}

export async function startKafkaBroker(
  options: KafkaBrokerOptions,
  plugins: HandlerSetFactory[],
): Promise<KafkaBroker> {
  const opts = resolveBrokerOptions(options);
  const logger = opts.logger;
  const unlock = opts.dataDir === undefined ? () => undefined : lockDataDir(opts.dataDir);
  let store: TopicStore;
  try {
    store = new TopicStore({ dataDir: opts.dataDir, broker: brokerSettings(opts), logger });
  } catch (error) {
    unlock();
    throw error;
  }
  let identity: BrokerIdentity = { nodeId: opts.nodeId, host: opts.advertisedHost, port: opts.port };
  const closing = new AbortController();
  const core: BrokerCore = {
    store,
    signal: new AppendSignal(),
    identity: () => identity,
    clusterId: 'userstream-devstack',
    defaultPartitions: opts.defaultPartitions,
    logger,
    closing: closing.signal,
    nextProducerId: Date.now(),
  };
  const services: BrokerServices = { identity: () => identity, catalog: store, dataDir: opts.dataDir, logger };
  const sets: ApiHandlerSet[] = [];
  const abandon = async (error: unknown): Promise<never> => {
    // Startup failed part way: release what was opened so far (plug-ins, file handles) before reporting it.
    for (const set of sets) await set.close().catch(() => undefined);
    store.close();
    unlock();
    throw error;
  };
  try {
    for (const make of plugins) sets.push(make(services));
  } catch (error) {
    return abandon(error);
  }
  const handlers = new Map<number, ApiHandler>();
  const register = (handler: ApiHandler): void => {
    if (handlers.has(handler.apiKey)) throw new Error(`two handlers for api key ${handler.apiKey}`);
    handlers.set(handler.apiKey, handler);
  };
  const builtIn = [
    metadataHandler,
    produceHandler,
    fetchHandler,
    listOffsetsHandler,
    createTopicsHandler,
    deleteTopicsHandler,
    createPartitionsHandler,
    initProducerIdHandler,
    describeConfigsHandler,
    alterConfigsHandler,
    incrementalAlterConfigsHandler,
    deleteRecordsHandler,
  ];
  // SCRAM credentials are derived once here; SaslHandshake/SaslAuthenticate are advertised only when SASL is on.
  const saslSession = opts.sasl === undefined ? undefined : createSaslSessions(opts.sasl);
  const saslApis = opts.sasl === undefined ? [] : saslApiVersions;
  const list = (): ReturnType<typeof apiVersionsList> => apiVersionsList([...handlers.values(), ...saslApis]);
  try {
    for (const make of builtIn) register(make(core));
    for (const set of sets) for (const handler of set.handlers) register(handler);
    register(apiVersionsHandler(list));
  } catch (error) {
    return abandon(error);
  }

  const sockets = new Set<Socket>();
  let nextConnectionId = 1;
  const listener = createSocketListener({
    tls: opts.tls,
    logger,
    name: 'kafka broker',
    onConnection: (socket, input) => {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      serveConnection(socket, input, nextConnectionId++, {
        handlers,
        apiVersionsList: list,
        maxFrameBytes: opts.maxFrameBytes,
        logger,
        saslSession,
        onClosed: (id) => {
          for (const set of sets) set.connectionClosed?.(id);
        },
      });
    },
  });
  const server = listener.server;
  server.on('error', (error) => logger.error({ err: error }, 'kafka broker: server error'));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => {
      server.off('error', reject);
      resolve();
    });
  }).catch(abandon);
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : opts.port;
  identity = { ...identity, port: opts.advertisedPort ?? port };
  logger.info(
    {
      host: opts.host,
      advertisedHost: opts.advertisedHost,
      port,
      advertisedPort: identity.port,
      dataDir: opts.dataDir ?? null,
      sasl: opts.sasl?.mechanisms ?? null,
      tls: opts.tls !== undefined,
    },
    'kafka broker: listening',
  );

  const maintainLogs = (force = false): void => maintainAll(store, logger, force);
  const cleaner =
    opts.logCleanerIntervalMs > 0 ? setInterval(() => maintainLogs(), opts.logCleanerIntervalMs) : undefined;
  cleaner?.unref();

  let closed: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closed ??= (async () => {
      clearInterval(cleaner);
      closing.abort();
      const stopped = listener.close();
      for (const socket of sockets) socket.destroy();
      await stopped;
      for (const set of sets) {
        try {
          await set.close();
        } catch (error) {
          logger.error({ err: error }, 'kafka broker: plug-in close failed');
        }
      }
      store.close();
      unlock();
      logger.info({ port }, 'kafka broker: closed');
    })();
    return closed;
  };
  return { host: opts.advertisedHost, port, advertisedPort: identity.port, maintainLogs, close };
}
