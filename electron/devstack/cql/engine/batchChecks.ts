// Cassandra's batch guards (BatchStatement.verifyBatchSize / verifyBatchType), with its default thresholds and its
// exact warning texts: a batch spanning several partitions whose data size passes batch_size_warn_threshold (5 KiB)
// warns, past batch_size_fail_threshold (50 KiB) it is refused; an unlogged batch over more partitions than
// unlogged_batch_across_partitions_warn_threshold (10) warns. Data size as Cassandra counts it: see rowDataSize.
import { InvalidRequest } from './bind';
import { cqlName } from './describe';
import type { Mutation } from './mutation';
import { rowDataSize } from './rowCodec';

/** The thresholds, in bytes and partitions; Cassandra 4.1/5.0 defaults unless the store is told otherwise. */
export interface BatchLimits {
  warnBytes: number;
  failBytes: number;
  unloggedPartitionsWarn: number;
}

export const DEFAULT_BATCH_LIMITS: BatchLimits = {
  warnBytes: 5 * 1024,
  failBytes: 50 * 1024,
  unloggedPartitionsWarn: 10,
};

function mutationSize(m: Mutation): number {
  return m.kind === 'row' ? m.ck.length + rowDataSize(m.row) : 12;
}

/** `[ks.t1, ks.t2]`, as Java prints the set of table names. */
function tableList(mutations: Mutation[]): { text: string; count: number } {
  const names = new Set<string>();
  for (const m of mutations) names.add(`${cqlName(m.data.meta.keyspace)}.${cqlName(m.data.meta.name)}`);
  return { text: `[${[...names].sort().join(', ')}]`, count: names.size };
}

/** The warnings a batch of these mutations gets; throws InvalidRequest "Batch too large" past the fail threshold. */
export function checkBatch(
  type: 'logged' | 'unlogged' | 'counter',
  mutations: Mutation[],
  limits: BatchLimits = DEFAULT_BATCH_LIMITS,
): string[] {
  if (mutations.length <= 1) return [];
  const first = mutations[0] as Mutation;
  // Most batches from a connector hit one partition: no key strings unless they do not.
  let partitions = 1;
  let mutationCount = 1;
  if (mutations.some((m) => !m.key.equals(first.key) || m.data.meta.keyspace !== first.data.meta.keyspace)) {
    const keys = new Set<string>();
    const perKeyspace = new Set<string>();
    for (const m of mutations) {
      const key = m.key.toString('latin1');
      keys.add(key);
      perKeyspace.add(`${m.data.meta.keyspace}\u0000${key}`);
    }
    partitions = keys.size;
    mutationCount = perKeyspace.size;
  }
  if (mutationCount <= 1) return [];
  const warnings: string[] = [];
  let size = 0;
  for (const m of mutations) size += mutationSize(m);
  if (size > limits.warnBytes) {
    if (size > limits.failBytes) throw new InvalidRequest('Batch too large');
    const tables = tableList(mutations).text;
    warnings.push(
      `Batch for ${tables} is of size ${size}, exceeding specified threshold of ${limits.warnBytes} by ${size - limits.warnBytes}.`,
    );
  }
  if (type === 'unlogged' && partitions > limits.unloggedPartitionsWarn) {
    const tables = tableList(mutations);
    warnings.push(
      `Unlogged batch covering ${partitions} partitions detected against table${tables.count === 1 ? '' : 's'} ` +
        `${tables.text}. You should use a logged batch for atomicity, or asynchronous writes for performance.`,
    );
  }
  return warnings;
}

/** Cassandra's `verifyBatchType` for counters, given whether each statement writes a counter table. */
export function checkCounterBatch(type: 'logged' | 'unlogged' | 'counter', counters: boolean[]): void {
  for (const counter of counters) {
    if (type === 'counter' && !counter)
      throw new InvalidRequest('Cannot include non-counter statement in a counter batch');
    if (type === 'logged' && counter) throw new InvalidRequest('Cannot include a counter statement in a logged batch');
  }
  if (counters.includes(true) && counters.includes(false))
    throw new InvalidRequest('Counter and non-counter mutations cannot exist in the same batch');
}
