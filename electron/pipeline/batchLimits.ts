import type { Logger } from '../../shared/logger';

/**
 * How large an unlogged batch may grow. Cassandra's defaults: a warning above 5 KiB (`batch_size_warn_threshold`), a
 * refusal above 50 KiB (`batch_size_fail_threshold`), a warning above 10 partitions in an unlogged batch
 * (`unlogged_batch_across_partitions_warn_threshold`). We stay under both warning thresholds; a cluster configured
 * lower answers with warnings, and `adapt` shrinks the limits until they stop.
 */
export interface BatchLimits {
  maxBytes: number;
  maxPartitions: number;
}

/** Cassandra's default warning thresholds. */
export const DEFAULT_BATCH_LIMITS: BatchLimits = { maxBytes: 5 * 1024, maxPartitions: 10 };

// "Batch for [ks.t] is of size 6.1KiB, exceeding specified threshold of 5.0KiB by 1.1KiB." (Cassandra 4.x/5.0)
const SIZE_WARNING = /Batch for .* is of size .*threshold of ([\d.]+)\s*(B|KiB|MiB|bytes)?/i;
// "Unlogged batch covering 12 partitions detected against table [ks.t]. …"
const PARTITIONS_WARNING = /Unlogged batch covering (\d+) partitions/i;

const UNIT: Record<string, number> = { b: 1, bytes: 1, kib: 1024, mib: 1024 * 1024 };

/**
 * Limits that adapt to the warnings the server returns with a batch's response. Returns the new limits, or the same
 * object when nothing in `warnings` is about batch limits.
 */
export function adaptBatchLimits(
  limits: BatchLimits,
  warnings: readonly string[],
  batch: { bytes: number; partitions: number },
  logger?: Logger,
): BatchLimits {
  let next = limits;
  for (const warning of warnings) {
    const size = SIZE_WARNING.exec(warning);
    if (size) {
      const threshold = Number(size[1]) * (UNIT[(size[2] ?? 'b').toLowerCase()] ?? 1);
      // Our estimate of a batch's size differs from the server's: aim below both its threshold and what just tripped it.
      const maxBytes = Math.max(1, Math.floor(Math.min(next.maxBytes * 0.8, batch.bytes * 0.8, threshold * 0.9)));
      next = { ...next, maxBytes };
      continue;
    }
    const partitions = PARTITIONS_WARNING.exec(warning);
    if (partitions) {
      const maxPartitions = Math.max(1, Math.min(next.maxPartitions - 1, Number(partitions[1]) - 1));
      next = { ...next, maxPartitions };
    }
  }
  if (next !== limits)
    logger?.warn({ from: limits, to: next, warnings }, 'Cassandra warned about a batch; smaller batches from now on');
  return next;
}
