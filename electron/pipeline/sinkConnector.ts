import type { Settings } from '../../shared/settings';
import type { BatchLimits } from './batchLimits';
import { classifyCassandraError, connectCassandra } from './cassandraClient';
import { createCassandraSink } from './cassandraSink';
import type { RowSink, WriteFailureKind } from './types';
import { ensureSchema, searchSupportFor, type SearchSupport } from './userTable';

/** A connected sink: where rows go, how to read its failures, and what to show about it. */
export interface SinkConnection {
  sink: RowSink;
  classifyWriteError(error: unknown): WriteFailureKind;
  info: { dataCenter: string; version?: string; search?: SearchSupport };
  close(): Promise<void>;
}

/** Connects the sink for one session; Cassandra in production, a fake of this interface in unit tests. */
export type SinkConnector = (settings: Settings['cassandra']) => Promise<SinkConnection>;

/** Options of `cassandraSinkConnector`; the defaults are what the app runs. */
export interface CassandraSinkConnectorOptions {
  /** Force a search support instead of deciding from the cluster's version (tests and the benchmark). */
  search?: SearchSupport;
  /** Batch limits to start from (default: Cassandra's default warning thresholds). */
  limits?: BatchLimits;
}

/**
 * Connects cassandra-driver (data center discovered when not set), decides how search is served from the oldest
 * node's `release_version`, ensures the schema (table, then SAI indexes or lookup tables), and builds the sink.
 */
export const cassandraSinkConnector =
  (options: CassandraSinkConnectorOptions = {}): SinkConnector =>
  async (settings) => {
    const { client, dataCenter, version } = await connectCassandra(settings);
    let search: SearchSupport;
    try {
      search = options.search ?? searchSupportFor(client.hosts.values().map((h) => h.cassandraVersion));
      await ensureSchema(client, settings, search);
    } catch (error) {
      await client.shutdown().catch(() => undefined);
      throw error;
    }
    return {
      sink: createCassandraSink(client, settings, {
        search,
        classifyError: classifyCassandraError,
        ...(options.limits ? { limits: options.limits } : {}),
      }),
      classifyWriteError: classifyCassandraError,
      info: { dataCenter, search, ...(version ? { version } : {}) },
      close: () => client.shutdown(),
    };
  };

/** The production connector. */
export const connectCassandraSink: SinkConnector = cassandraSinkConnector();
