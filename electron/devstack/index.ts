import { join } from 'node:path';
import type { Logger } from '../../shared/logger';
import { silentLogger } from '../../shared/logger';
import { createKafkaBroker, type KafkaBrokerOptions } from './kafka';
import { createCqlServer, type CqlServerOptions } from './cql';
import type { TlsKeyPair } from './tlsOption';

/** Options of `startDevstack`: one host, two ports (0 = any free port), one data dir (omit for in-memory). */
export interface DevstackOptions {
  host?: string;
  kafkaPort?: number;
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
  kafka: { host: string; port: number; address: string };
  cql: { host: string; port: number; address: string };
  close(): Promise<void>;
}

const address = (host: string, port: number) => (host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`);

/** Starts the embedded Kafka-protocol broker and CQL store side by side, sharing one data dir. */
export async function startDevstack(options: DevstackOptions = {}): Promise<Devstack> {
  const host = options.host ?? '127.0.0.1';
  const logger = options.logger ?? silentLogger;
  const broker = await createKafkaBroker({
    host,
    port: options.kafkaPort ?? 0,
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
  const kafkaHost =
    options.kafkaAdvertisedHost === undefined ? broker.host : host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
  let closing: Promise<void> | null = null;
  return {
    kafka: { host: kafkaHost, port: broker.port, address: address(kafkaHost, broker.port) },
    cql: { host: cql.host, port: cql.port, address: address(cql.host, cql.port) },
    close() {
      // Reverse order of start; both closes flush to disk.
      return (closing ??= cql.close().finally(() => broker.close()));
    },
  };
}
