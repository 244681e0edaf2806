// startKafkaCluster: one or more brokers in this process sharing one set of logs and plug-ins (the group coordinator):
// wires storage, the built-in API handlers and plug-in handler sets, each broker's listeners, and closes cleanly.
import { join } from 'node:path';
import type { Logger } from '../../../shared/logger';
import { apiVersionsHandler, apiVersionsList } from './apis/apiVersions';
import type { BrokerCore } from './apis/brokerCore';
import { alterConfigsHandler, incrementalAlterConfigsHandler } from './apis/alterConfigs';
import { deleteRecordsHandler } from './apis/deleteRecords';
import { describeConfigsHandler } from './apis/describeConfigs';
import { fetchHandler } from './apis/fetch';
import { listOffsetsHandler } from './apis/listOffsets';
import { metadataHandler } from './apis/metadata';
import { produceHandler } from './apis/produce';
import { createPartitionsHandler, createTopicsHandler, deleteTopicsHandler } from './apis/topicAdmin';
import type { ApiHandler, ApiHandlerSet, BrokerIdentity, BrokerServices, KafkaMessage } from './apis/types';
import { brokerResourceGuard } from './cluster/brokerResourceGuard';
import { coordinatorGuard } from './cluster/coordinatorGuard';
import { txnCoordinatorGuard } from './cluster/txnCoordinatorGuard';
import { createClusterLayout } from './cluster/layout';
import { leaderGuard } from './cluster/leaderGuard';
import type { ListenerView } from './cluster/listenerView';
import { createBrokerNode, type BrokerNode } from './cluster/node';
import { resolveClusterOptions, type KafkaClusterOptions } from './cluster/options';
import { resolveBrokerOptions, type KafkaBrokerOptions, type ResolvedBrokerOptions } from './options';
import { saslApiVersions } from './server/sasl/session';
import { AppendSignal } from './storage/appendSignal';
import { lockDataDir } from './storage/dataDirLock';
import { TopicStore } from './storage/topicStore';
import { createTransactionCoordinator, type TransactionCoordinator } from './txn/coordinator';
import { transactionHandlers } from './txn/handlers';
import type { ClusterBroker, HandlerSetFactory, KafkaBroker, KafkaCluster } from './brokerTypes';

export type { ClusterBroker, HandlerSetFactory, KafkaBroker, KafkaCluster } from './brokerTypes';

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

const BUILT_IN = [
  produceHandler,
  fetchHandler,
  listOffsetsHandler,
  createTopicsHandler,
  deleteTopicsHandler,
  createPartitionsHandler,
  ...transactionHandlers,
  describeConfigsHandler,
  alterConfigsHandler,
  incrementalAlterConfigsHandler,
  deleteRecordsHandler,
];

export async function startKafkaCluster(
  options: KafkaClusterOptions,
  plugins: HandlerSetFactory[],
): Promise<KafkaCluster> {
  const opts = resolveBrokerOptions(options);
  const { nodeIds, listeners } = resolveClusterOptions(options, opts);
  const logger = opts.logger;
  const clustered = nodeIds.length > 1;
  const unlock = opts.dataDir === undefined ? () => undefined : lockDataDir(opts.dataDir);
  let store: TopicStore;
  try {
    store = new TopicStore({ dataDir: opts.dataDir, broker: brokerSettings(opts), logger });
  } catch (error) {
    unlock();
    throw error;
  }
  const layout = createClusterLayout(nodeIds, (topic, partition) => store.get(topic)?.leaders?.[partition]);

  const nodes: BrokerNode[] = [];
  const advertisedPort = (index: number, listener: number): number =>
    listeners[listener]?.advertisedPorts[index] ?? (nodes[index]?.ports[listener] as number);
  // The first broker's main listener: what plug-ins and single-broker handlers call "this broker".
  const identity = (): BrokerIdentity => ({
    nodeId: nodeIds[0] as number,
    host: opts.advertisedHost,
    port: advertisedPort(0, 0),
  });
  const closing = new AbortController();
  const signal = new AppendSignal();
  let transactions: TransactionCoordinator;
  try {
    // Aborts what a previous run left open in the logs, so it runs before anything is served.
    transactions = createTransactionCoordinator({
      store,
      signal,
      logger: logger.child({ part: 'txn' }),
      dir: opts.dataDir === undefined ? undefined : join(opts.dataDir, 'transactions'),
      allocateProducerId: () => core.nextProducerId++,
    });
  } catch (error) {
    store.close();
    unlock();
    throw error;
  }
  const core: BrokerCore = {
    store,
    signal,
    identity,
    nodeIds,
    clusterId: 'userstream-devstack',
    defaultPartitions: opts.defaultPartitions,
    logger,
    closing: closing.signal,
    nextProducerId: Date.now(),
    transactions,
  };
  const services: BrokerServices = {
    identity,
    catalog: store,
    dataDir: opts.dataDir,
    logger,
    attachTxnOffsetSink: (sink) => {
      transactions.attachOffsetSink(sink);
      return { pending: (groupId, topic, partition) => transactions.pendingOffset(groupId, topic, partition) };
    },
  };
  const sets: ApiHandlerSet[] = [];
  const abandon = async (error: unknown): Promise<never> => {
    // Startup failed part way: release what was opened so far (listeners, plug-ins, file handles) before reporting it.
    await Promise.all(nodes.map((node) => node.stop()));
    for (const set of sets) await set.close().catch(() => undefined);
    transactions.close();
    store.close();
    unlock();
    throw error;
  };
  const shared = new Map<number, ApiHandler>();
  const register = (handler: ApiHandler): void => {
    if (shared.has(handler.apiKey) || handler.apiKey === 3 || handler.apiKey === 18)
      throw new Error(`two handlers for api key ${handler.apiKey}`);
    shared.set(handler.apiKey, handler);
  };
  try {
    for (const make of plugins) sets.push(make(services));
    for (const make of BUILT_IN) register(make(core));
    for (const set of sets) for (const handler of set.handlers) register(handler);
  } catch (error) {
    return abandon(error);
  }
  const exists = (topic: string, partition: number): boolean => store.get(topic)?.partitions[partition] !== undefined;
  // Each listener of each broker answers Metadata and FindCoordinator with the addresses of that listener.
  const handlerMaps = nodeIds.map((nodeId, index) =>
    listeners.map((_, at) => {
      const view: ListenerView = {
        layout,
        nodeId,
        address: (id) => ({ host: opts.advertisedHost, port: advertisedPort(nodeIds.indexOf(id), at) }),
      };
      const map = new Map<number, ApiHandler>();
      for (const handler of shared.values()) {
        const guarded = clustered ? leaderGuard(handler, view, exists) : handler;
        const configs = brokerResourceGuard(guarded, view, nodeIds[0] as number);
        map.set(handler.apiKey, txnCoordinatorGuard(coordinatorGuard(configs, view, clustered), view, clustered));
      }
      map.set(3, metadataHandler(core, view));
      return { map, index };
    }),
  );
  // The ApiVersions list of a listener: what its handler map serves (ApiVersions included), SASL where it is on.
  const apiLists = listeners.map((spec, at) => {
    const map = handlerMaps[0]?.[at]?.map as Map<number, ApiHandler>;
    const sasl = spec.sasl === undefined ? [] : saslApiVersions;
    return (): KafkaMessage[] => apiVersionsList([...map.values(), ...sasl]);
  });
  for (const maps of handlerMaps)
    maps.forEach(({ map }, at) => map.set(18, apiVersionsHandler(apiLists[at] as () => KafkaMessage[])));
  let nextConnectionId = 1;
  for (const [index, nodeId] of nodeIds.entries()) {
    nodes.push(
      createBrokerNode({
        nodeId,
        index,
        listeners,
        host: opts.host,
        handlersFor: (at) => handlerMaps[index]?.[at]?.map as Map<number, ApiHandler>,
        apiVersionsList: (at) => apiLists[at] as () => KafkaMessage[],
        maxFrameBytes: opts.maxFrameBytes,
        logger: clustered ? logger.child({ nodeId }) : logger,
        nextConnectionId: () => nextConnectionId++,
        onClosed: (id) => {
          for (const set of sets) set.connectionClosed?.(id);
        },
      }),
    );
  }
  try {
    for (const node of nodes) await node.start();
  } catch (error) {
    return abandon(error);
  }
  const describe = (): ClusterBroker[] =>
    nodes.map((node, index) => ({
      nodeId: node.nodeId,
      host: opts.advertisedHost,
      ports: [...node.ports],
      advertisedPort: advertisedPort(index, 0),
      running: node.running(),
    }));
  logger.info(
    {
      host: opts.host,
      advertisedHost: opts.advertisedHost,
      brokers: describe().map((b) => ({ nodeId: b.nodeId, ports: b.ports, advertisedPort: b.advertisedPort })),
      dataDir: opts.dataDir ?? null,
      sasl: listeners.map((l) => l.sasl?.mechanisms ?? null),
      tls: listeners.map((l) => l.tls !== undefined),
    },
    'kafka broker: listening',
  );

  const maintainLogs = (force = false): void => maintainAll(store, logger, force);
  const cleaner =
    opts.logCleanerIntervalMs > 0 ? setInterval(() => maintainLogs(), opts.logCleanerIntervalMs) : undefined;
  cleaner?.unref();

  const nodeOf = (nodeId: number): BrokerNode => {
    const node = nodes.find((n) => n.nodeId === nodeId);
    if (!node) throw new RangeError(`no broker with node id ${nodeId} (brokers: ${nodeIds.join(', ')})`);
    return node;
  };
  let closed: Promise<void> | undefined;
  return {
    brokers: describe,
    leaderOf: (topic, partition) => layout.leaderOf(topic, partition),
    coordinatorOf: (key) => layout.coordinatorOf(key),
    async stopBroker(nodeId) {
      const node = nodeOf(nodeId);
      // Unavailable first, so the other brokers' Metadata stops naming it before its connections drop.
      layout.setLive(nodeId, false);
      await node.stop();
      logger.info({ nodeId }, 'kafka broker: stopped');
    },
    async startBroker(nodeId) {
      const node = nodeOf(nodeId);
      if (closed) throw new Error('the cluster is closed');
      await node.start();
      layout.setLive(nodeId, true);
      logger.info({ nodeId, ports: node.ports }, 'kafka broker: started');
    },
    maintainLogs,
    close() {
      closed ??= (async () => {
        clearInterval(cleaner);
        closing.abort();
        await Promise.all(nodes.map((node) => node.stop()));
        for (const set of sets) {
          try {
            await set.close();
          } catch (error) {
            logger.error({ err: error }, 'kafka broker: plug-in close failed');
          }
        }
        transactions.close();
        store.close();
        unlock();
        logger.info({ ports: nodes.map((n) => n.ports) }, 'kafka broker: closed');
      })();
      return closed;
    },
  };
}

/** A single broker: a cluster of one, seen through the KafkaBroker interface. */
export async function startKafkaBroker(
  options: KafkaBrokerOptions,
  plugins: HandlerSetFactory[],
): Promise<KafkaBroker> {
  const cluster = await startKafkaCluster({ ...options, brokers: 1 }, plugins);
  const [only] = cluster.brokers() as [ClusterBroker];
  return {
    host: only.host,
    port: only.ports[0] as number,
    advertisedPort: only.advertisedPort,
    maintainLogs: cluster.maintainLogs,
    close: cluster.close,
  };
}
