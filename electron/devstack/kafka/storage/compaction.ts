// Log compaction (cleanup.policy=compact) over a partition's batches, as Kafka's LogCleaner does it: an offset map
// of the newest offset per key over the whole log, then every batch of the cleanable part (all but the active
// segment) keeps only the records that are the newest for their key. Tombstones (null values) first get a delete
// horizon (now + delete.retention.ms, stored in the batch as KIP-534 does) and go on a later pass after it. Keyless
// records are dropped (Kafka counts them invalid); control batches and batches in a codec we cannot read stay whole.
// Transactions, as Kafka's cleaner: nothing at or after the last stable offset is looked at or cleaned (an open
// transaction may still commit or abort), and the data of aborted transactions is dropped without entering the map.
import { TRANSACTIONAL_BIT } from '../protocol/controlBatch';
import { CONTROL_BIT, DELETE_HORIZON_BIT, readRecords, rebuildBatch } from './records';

/** What the cleaner needs to know about a partition's transactions. */
export interface TxnView {
  lastStableOffset: number;
  isAborted(producerId: number, offset: number): boolean;
}

const NO_TXNS: TxnView = { lastStableOffset: Number.POSITIVE_INFINITY, isAborted: () => false };

/** Transactional data of an aborted transaction: dropped whole by the cleaner. */
function abortedData(batch: Buffer, base: number, txns: TxnView): boolean {
  const attributes = batch.readInt16BE(21);
  if ((attributes & TRANSACTIONAL_BIT) === 0 || (attributes & CONTROL_BIT) !== 0) return false;
  return txns.isAborted(Number(batch.readBigInt64BE(43)), base);
}

/** Newest offset per key across the given batches (read in offset order), below the last stable offset. */
export function buildOffsetMap(batches: Iterable<Buffer>, txns: TxnView = NO_TXNS): Map<string, number> {
  const map = new Map<string, number>();
  for (const batch of batches) {
    if ((batch.readInt16BE(21) & CONTROL_BIT) !== 0) continue;
    const batchBase = Number(batch.readBigInt64BE(0));
    if (batchBase >= txns.lastStableOffset) break;
    if (abortedData(batch, batchBase, txns)) continue;
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
  txns: TxnView = NO_TXNS,
): Buffer | null {
  const attributes = batch.readInt16BE(21);
  if ((attributes & CONTROL_BIT) !== 0) return batch;
  const base = Number(batch.readBigInt64BE(0));
  if (base >= txns.lastStableOffset) return batch;
  if (abortedData(batch, base, txns)) return null;
  const records = readRecords(batch);
  if (!records) return batch;
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
