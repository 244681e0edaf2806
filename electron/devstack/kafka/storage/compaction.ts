// Log compaction (cleanup.policy=compact) over a partition's batches, as Kafka's LogCleaner does it: an offset map
// of the newest offset per key over the whole log, then every batch of the cleanable part (all but the active
// segment) keeps only the records that are the newest for their key. Tombstones (null values) first get a delete
// horizon (now + delete.retention.ms, stored in the batch as KIP-534 does) and go on a later pass after it. Keyless
// records are dropped (Kafka counts them invalid); control batches and batches in a codec we cannot read stay whole.
import { CONTROL_BIT, DELETE_HORIZON_BIT, readRecords, rebuildBatch } from './records';

/** Newest offset per key across the given batches (read in offset order). */
export function buildOffsetMap(batches: Iterable<Buffer>): Map<string, number> {
  const map = new Map<string, number>();
  for (const batch of batches) {
    if ((batch.readInt16BE(21) & CONTROL_BIT) !== 0) continue;
    const records = readRecords(batch);
    if (!records) continue;
    const base = Number(batch.readBigInt64BE(0));
    for (const r of records) if (r.key !== null) map.set(r.key, base + r.offsetDelta);
  }
  return map;
}

/** What cleaning one batch gave: the same buffer (nothing to do), a rebuilt one, or null (nothing left). */
export function cleanBatch(
  batch: Buffer,
  map: ReadonlyMap<string, number>,
  now: number,
  deleteRetentionMs: number,
): Buffer | null {
  const attributes = batch.readInt16BE(21);
  if ((attributes & CONTROL_BIT) !== 0) return batch;
  const records = readRecords(batch);
  if (!records) return batch;
  const base = Number(batch.readBigInt64BE(0));
  const horizon = (attributes & DELETE_HORIZON_BIT) !== 0 ? Number(batch.readBigInt64BE(27)) : undefined;
  const kept = records.filter((r) => {
    if (r.key === null || map.get(r.key) !== base + r.offsetDelta) return false;
    return !r.tombstone || horizon === undefined || horizon > now;
  });
  const needsHorizon = horizon === undefined && kept.some((r) => r.tombstone);
  if (kept.length === 0) return null;
  if (kept.length === records.length && !needsHorizon) return batch;
  return rebuildBatch(batch, kept, needsHorizon ? now + deleteRetentionMs : undefined);
}
