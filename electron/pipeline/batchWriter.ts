import type cassandra from 'cassandra-driver';
import type { Logger } from '../../shared/logger';
import { silentLogger } from '../../shared/logger';
import { adaptBatchLimits, DEFAULT_BATCH_LIMITS, type BatchLimits } from './batchLimits';
import type { WriteFailureKind } from './types';

/** One prepared statement to send, with what batching needs to know about it. */
export interface BatchStatement {
  query: string;
  params: unknown[];
  /** The serialized partition key: statements whose keys have the same replicas may share a batch. */
  routingKey: Buffer;
  /** Cassandra's measure of the mutation, for the batch size limit. */
  mutationBytes: number;
  /**
   * Statements with the same conflict key never share a batch: a batch's mutations share one timestamp, so two
   * versions of one row in it would be merged by value instead of the later one winning.
   */
  conflictKey?: string;
  /** Called once: with nothing when acknowledged, with the error otherwise. */
  done(error?: unknown): void;
}

/** Sends statements in unlogged batches of one replica set each, bounded by Cassandra's batch limits. */
export interface BatchWriter {
  write(statement: BatchStatement): void;
  /** The limits in force (they shrink when the server warns). */
  limits(): BatchLimits;
}

/** Options of `createBatchWriter`. */
export interface BatchWriterOptions {
  client: cassandra.Client;
  /** The keyspace whose replication decides the replica sets. */
  keyspace: string;
  classifyError(error: unknown): WriteFailureKind;
  limits?: BatchLimits;
  logger?: Logger;
}

const TOO_LARGE = /Batch too large/i;

interface Pending {
  statements: BatchStatement[];
  bytes: number;
  conflicts: Set<string> | null;
}

/**
 * Groups statements by the replicas of their partition key (driver metadata), so each batch still goes straight to
 * its replicas (the driver routes a batch by its first statement) and no coordinator fans out; a single-host cluster
 * is one group. A group is sent when the next statement would pass a limit, and every group at the end of the tick.
 * A refused batch is retried statement by statement, so the refusal lands on the row that caused it; a batch that
 * failed because the cluster is unavailable fails all of its statements (the caller retries with backoff).
 */
export function createBatchWriter(options: BatchWriterOptions): BatchWriter {
  const { client, keyspace, classifyError } = options;
  const logger = options.logger ?? silentLogger;
  let limits = options.limits ?? DEFAULT_BATCH_LIMITS;
  // Write timestamps are taken here, in the order statements are sent, not inside the driver: its asynchronous steps
  // (preparing a statement on first use) can let a later request take an earlier timestamp, and then an older version
  // of a user would win over a newer one. Microseconds, strictly increasing, as Cassandra's own clients make them.
  let lastTimestamp = 0;
  const nextTimestamp = () => (lastTimestamp = Math.max(Date.now() * 1000, lastTimestamp + 1));
  const groups = new Map<string, Pending>();
  let scheduled = false;

  const groupOf = (routingKey: Buffer): string => {
    if (client.hosts.length <= 1) return '';
    const replicas = client.getReplicas(keyspace, routingKey);
    if (replicas.length === 0) return '';
    let key = '';
    for (const host of replicas) key += `${host.address},`;
    return key;
  };

  const settle = (statements: BatchStatement[], error?: unknown) => {
    for (const s of statements) s.done(error);
  };

  const sendOne = (s: BatchStatement) => {
    client.execute(s.query, s.params, { prepare: true, isIdempotent: true, timestamp: nextTimestamp() }).then(
      () => s.done(),
      (error: unknown) => s.done(error),
    );
  };

  const send = (pending: Pending) => {
    const { statements } = pending;
    if (statements.length === 1) {
      sendOne(statements[0]!);
      return;
    }
    const partitions = statements.length;
    const timestamp = nextTimestamp();
    client.batch(statements, { prepare: true, logged: false, isIdempotent: true, timestamp }).then(
      (rs) => {
        const warnings = rs.info.warnings;
        if (warnings && warnings.length > 0) {
          limits = adaptBatchLimits(limits, warnings, { bytes: pending.bytes, partitions }, logger);
        }
        settle(statements);
      },
      (error: unknown) => {
        if (classifyError(error) === 'unavailable') return settle(statements, error);
        if (TOO_LARGE.test(error instanceof Error ? error.message : '')) {
          // Past batch_size_fail_threshold: a cluster configured far below the defaults. Halve, and send these alone.
          limits = { ...limits, maxBytes: Math.max(1, Math.floor(Math.min(limits.maxBytes, pending.bytes) / 2)) };
          logger.warn({ limits }, 'Cassandra refused a batch as too large; smaller batches from now on');
        }
        // One of them was refused (or the batch was): find out which, and send the others on their own.
        for (const s of statements) sendOne(s);
      },
    );
  };

  const flushAll = () => {
    scheduled = false;
    for (const pending of groups.values()) send(pending);
    groups.clear();
  };

  return {
    limits: () => limits,
    write(statement) {
      const group = groupOf(statement.routingKey);
      let pending = groups.get(group);
      if (
        pending &&
        (pending.bytes + statement.mutationBytes > limits.maxBytes ||
          pending.statements.length >= limits.maxPartitions ||
          (statement.conflictKey !== undefined && pending.conflicts?.has(statement.conflictKey)))
      ) {
        send(pending);
        pending = undefined;
      }
      if (!pending) {
        pending = { statements: [], bytes: 0, conflicts: null };
        groups.set(group, pending);
      }
      pending.statements.push(statement);
      pending.bytes += statement.mutationBytes;
      if (statement.conflictKey !== undefined) (pending.conflicts ??= new Set()).add(statement.conflictKey);
      if (!scheduled) {
        scheduled = true;
        setImmediate(flushAll);
      }
    },
  };
}
