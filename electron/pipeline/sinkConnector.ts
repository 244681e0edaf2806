import type { Settings } from '../../shared/settings';
import { classifyCassandraError, connectCassandra } from './cassandraClient';
import { createCassandraSink, type CassandraSinkOptions } from './cassandraSink';
import type { RowSink, WriteFailureKind } from './types';
import { ensureSchema } from './userTable';

/** A connected sink: where rows go, how to read its failures, and what to show about it. */
export interface SinkConnection {
  sink: RowSink;
  classifyWriteError(error: unknown): WriteFailureKind;
  info: { dataCenter: string; version?: string };
  close(): Promise<void>;
}

/** Connects the sink for one session; Cassandra in production, a fake of this interface in unit tests. */
export type SinkConnector = (settings: Settings['cassandra']) => Promise<SinkConnection>;

/**
 * Connects cassandra-driver (data center discovered when not set), ensures the schema, prepares the writes.
 * `lookupTables: false` skips the email/username lookup writes: only for measuring the pipeline on the baselines' work.
 * `batchRows` > 1 opts into unlogged multi-partition batches (see createCassandraSink).
 */
export const cassandraSinkConnector =
  (options: CassandraSinkOptions = {}): SinkConnector =>
  async (settings) => {
    const { client, dataCenter, version } = await connectCassandra(settings);
    try {
      await ensureSchema(client, settings);
    } catch (error) {
      await client.shutdown().catch(() => undefined);
      throw error;
    }
    return {
      sink: createCassandraSink(client, settings, options),
      classifyWriteError: classifyCassandraError,
      info: { dataCenter, ...(version ? { version } : {}) },
      close: () => client.shutdown(),
    };
  };

/** The production connector: Cassandra with the lookup tables. */
export const connectCassandraSink: SinkConnector = cassandraSinkConnector();
