import type cassandra from 'cassandra-driver';
import type { Logger } from '../../shared/logger';
import type { Settings } from '../../shared/settings';
import { USER_COLUMNS, type UserRow } from '../../shared/user';
import type { BatchLimits } from './batchLimits';
import { createBatchWriter, type BatchStatement, type BatchWriter } from './batchWriter';
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
  return {
    limits: writer.limits,
    write(row: UserRow, callback: (error?: unknown) => void) {
      const write = new UserRowWrite(insertUser, row, callback);
      if (!lookups) return writer.write(write);
      // Every statement of the row exists before any is sent, so the row cannot count as stored early.
      const email = write.params[EMAIL];
      const username = write.params[USERNAME];
      // A lookup entry is (key, id): the same pair twice is the same data, so it needs no conflict key.
      const byEmail = email ? new LookupWrite(insertEmail, email, write) : null;
      const byUsername = username ? new LookupWrite(insertUsername, username, write) : null;
      writer.write(write);
      if (byEmail) writer.write(byEmail);
      if (byUsername) writer.write(byUsername);
    },
  };
}

// Index of each lookup key among the encoded values (USER_COLUMNS order).
const EMAIL = USER_COLUMNS.indexOf('email');
const USERNAME = USER_COLUMNS.indexOf('username');

/**
 * One user's upsert, and the completion of all of its statements. A class rather than closures: this is made once per
 * message, and a closure per row was a measurable share of the sink's cost.
 */
class UserRowWrite implements BatchStatement {
  readonly params: (Buffer | null)[];
  readonly routingKey: Buffer;
  readonly mutationBytes: number;
  readonly conflictKey: string;
  private remaining = 1;
  private failed = false;

  constructor(
    readonly query: string,
    row: UserRow,
    private readonly callback: (error?: unknown) => void,
  ) {
    const encoded = encodeUserRow(row);
    this.params = encoded.values;
    this.routingKey = encoded.key;
    this.mutationBytes = encoded.mutationBytes;
    this.conflictKey = row.id;
  }

  /** Another statement (a lookup entry) must be acknowledged too before the row counts as stored. */
  expectAnother(): void {
    this.remaining++;
  }

  done(error?: unknown): void {
    if (this.failed) return;
    if (error !== undefined) {
      this.failed = true;
      this.callback(error);
    } else if (--this.remaining === 0) this.callback();
  }
}

/** A lookup-table entry (key, id) of a user row, acknowledged through the row. */
class LookupWrite implements BatchStatement {
  readonly params: Buffer[];
  readonly mutationBytes: number;

  constructor(
    readonly query: string,
    readonly routingKey: Buffer,
    private readonly row: UserRowWrite,
  ) {
    this.params = [routingKey, row.routingKey];
    this.mutationBytes = routingKey.length + 40;
    row.expectAnother();
  }

  done(error?: unknown): void {
    this.row.done(error);
  }
}
