import { join } from 'node:path';
import type { Logger } from '../../shared/logger';
import { silentLogger } from '../../shared/logger';
import { createKafkaCluster, type KafkaBrokerOptions, type KafkaCluster, type KafkaListenerOptions } from './kafka';
import { createCqlServer, type CqlServerOptions } from './cql';
import type { TlsKeyPair } from './tlsOption';

/** Options of `startDevstack`: one host, two ports (0 = any free port), one data dir (omit for in-memory). */
export interface DevstackOptions {
  host?: string;
  kafkaPort?: number;
  /** Kafka brokers in the process (default 1), on `kafkaPort`, `kafkaPort + 1`, ... sharing the data. */
  kafkaBrokers?: number;
  /** More Kafka listeners on every broker (e.g. SSL and SASL_SSL ports beside the plain one), see the broker's README. */
  kafkaListeners?: KafkaListenerOptions[];
  /** First Kafka node id (default 1). */
  kafkaNodeId?: number;
  /** Partitions of auto-created topics (default 3). */
  kafkaDefaultPartitions?: number;
  cqlPort?: number;
  dataDir?: string;
  /** Require SASL on the Kafka port (the broker's `sasl` option); omit for no authentication. */
  kafkaSasl?: KafkaBrokerOptions['sasl'];
  /**
   * The broker's address in Metadata when clients must reach it through something else (a proxy, a port forward):
   * the broker's `advertisedHost` / `advertisedPort`. Default: where it listens.
   */
  kafkaAdvertisedHost?: string;
  kafkaAdvertisedPort?: number;
  /** Serve TLS on both ports with this PEM key and certificate; omit for plaintext. */
  tls?: TlsKeyPair;
  /** How the CQL store presents itself (see `CqlServerOptions`); omit for a Cassandra 5.0 node in datacenter1. */
  cql?: DevstackCqlOptions;
  logger?: Logger;
}

/** The CQL store's options a caller of the whole stack may choose (JSON-serialisable: they cross to a child). */
export type DevstackCqlOptions = Pick<CqlServerOptions, 'cassandraVersion' | 'dataCenter' | 'vnodes' | 'auth'>;

/**
 * The running embedded stack: the addresses clients should use. `kafka` is where the broker listens (a client may
 * bootstrap there; Metadata then names the advertised address, when one was set).
 */
export interface Devstack {
  /** The first broker; `brokers` has every broker's main listener address, in node id order. */
  kafka: { host: string; port: number; address: string; brokers: string[] };
  /** The brokers themselves, to stop and start one (tests). */
  kafkaCluster: KafkaCluster;
  cql: { host: string; port: number; address: string };
  close(): Promise<void>;
}

const address = (host: string, port: number) => (host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`);

/** Starts the embedded Kafka-protocol broker(s) and CQL store side by side, sharing one data dir. */
export async function startDevstack(options: DevstackOptions = {}): Promise<Devstack> {
  const host = options.host ?? '127.0.0.1';
  const logger = options.logger ?? silentLogger;
  const broker = await createKafkaCluster({
    host,
    port: options.kafkaPort ?? 0,
    brokers: options.kafkaBrokers,
    listeners: options.kafkaListeners,
    nodeId: options.kafkaNodeId,
    defaultPartitions: options.kafkaDefaultPartitions,
    advertisedHost: options.kafkaAdvertisedHost,
    advertisedPort: options.kafkaAdvertisedPort,
    dataDir: options.dataDir ? join(options.dataDir, 'kafka') : undefined,
    sasl: options.kafkaSasl,
    tls: options.tls,
    logger: logger.child({ component: 'kafka' }),
  });
  let cql;
  try {
    cql = await createCqlServer({
      ...options.cql,
      host,
      port: options.cqlPort ?? 0,
      dataDir: options.dataDir ? join(options.dataDir, 'cql') : undefined,
      tls: options.tls,
      logger: logger.child({ component: 'cql' }),
    });
  } catch (error) {
    await broker.close();
    throw error;
  }
  // Where it listens, as a client can dial it (the broker's own default advertised host is that too).
  const brokers = broker.brokers();
  const first = brokers[0] as (typeof brokers)[number];
  const kafkaHost =
    options.kafkaAdvertisedHost === undefined ? first.host : host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
  const port = first.ports[0] as number;
  let closing: Promise<void> | null = null;
  return {
    kafka: {
      host: kafkaHost,
      port,
      address: address(kafkaHost, port),
      brokers: brokers.map((b) => address(kafkaHost, b.ports[0] as number)),
    },
    kafkaCluster: broker,
    cql: { host: cql.host, port: cql.port, address: address(cql.host, cql.port) },
    close() {
      // Reverse order of start; both closes flush to disk.
      return (closing ??= cql.close().finally(() => broker.close()));
    },
  };
}
