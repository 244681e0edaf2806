import type cassandra from 'cassandra-driver';
import type { Logger } from '../../shared/logger';
import type { Settings } from '../../shared/settings';
import { USER_COLUMNS, type UserRow } from '../../shared/user';
import type { BatchLimits } from './batchLimits';
import { createBatchWriter, type BatchWriter } from './batchWriter';
import { encodeUserRow } from './rowEncoding';
import type { RowSink, WriteFailureKind } from './types';
import { tableNames, type SearchSupport } from './userTable';

/** Options of the Cassandra sink. */
export interface CassandraSinkOptions {
  /**
   * How exact search by email and username is served: `sai` (Cassandra ≥ 5.0: indexes on the table, one write per
   * user) or `lookup-tables` (older clusters: two more writes per user). Decided from the cluster when connecting.
   */
  search: SearchSupport;
  classifyError(error: unknown): WriteFailureKind;
  /** Batch limits to start from (default: Cassandra's default warning thresholds). */
  limits?: BatchLimits;
  logger?: Logger;
}

/** The sink, plus what it is doing (for tests and the benchmark). */
export interface CassandraSink extends RowSink {
  limits(): BatchLimits;
}

/**
 * Writes each user as one upsert keyed by its (deterministic) id, plus its two lookup entries on clusters without SAI.
 * Statements are prepared and idempotent, sent in unlogged batches of rows that share replicas (see batchWriter), so
 * a replay after a crash rewrites the same cells and adds nothing. A row's promise settles only when all of its
 * statements are acknowledged, which is what the commit watermark waits for; how many rows are in flight is bounded
 * by the caller.
 */
export function createCassandraSink(
  client: cassandra.Client,
  settings: Settings['cassandra'],
  options: CassandraSinkOptions,
): CassandraSink {
  const n = tableNames(settings);
  const insertUser = `INSERT INTO ${n.users} (${USER_COLUMNS.join(', ')}) VALUES (${USER_COLUMNS.map(() => '?').join(', ')})`;
  const insertEmail = `INSERT INTO ${n.byEmail} (email, id) VALUES (?, ?)`;
  const insertUsername = `INSERT INTO ${n.byUsername} (username, id) VALUES (?, ?)`;
  const lookups = options.search === 'lookup-tables';
  const writer: BatchWriter = createBatchWriter({
    client,
    keyspace: n.keyspace,
    classifyError: options.classifyError,
    ...(options.limits ? { limits: options.limits } : {}),
    ...(options.logger ? { logger: options.logger } : {}),
  });
  // Index of each lookup key among the encoded values (USER_COLUMNS order).
  const EMAIL = USER_COLUMNS.indexOf('email');
  const USERNAME = USER_COLUMNS.indexOf('username');

  return {
    limits: writer.limits,
    write(row: UserRow, callback: (error?: unknown) => void) {
      {
        const encoded = encodeUserRow(row);
        const { values, key } = encoded;
        const email = lookups ? values[EMAIL] : null;
        const username = lookups ? values[USERNAME] : null;
        let remaining = 1 + (email ? 1 : 0) + (username ? 1 : 0);
        let failed = false;
        const done = (error?: unknown) => {
          if (failed) return;
          if (error !== undefined) {
            failed = true;
            callback(error);
          } else if (--remaining === 0) callback();
        };
        writer.write({
          query: insertUser,
          params: values,
          routingKey: key,
          mutationBytes: encoded.mutationBytes,
          conflictKey: row.id,
          done,
        });
        // A lookup entry is (key, id): the same pair twice is the same data, so it needs no conflict key.
        if (email)
          writer.write({
            query: insertEmail,
            params: [email, key],
            routingKey: email,
            mutationBytes: email.length + 40,
            done,
          });
        if (username)
          writer.write({
            query: insertUsername,
            params: [username, key],
            routingKey: username,
            mutationBytes: username.length + 40,
            done,
          });
      }
    },
  };
}
