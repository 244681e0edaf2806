// One partition's log, in memory or in segment files. Batches are stored exactly as received, with only the base
// offset assigned, so a fetch can hand the stored bytes straight to the socket.
import type { BatchInfo } from '../protocol/recordBatch';
import type { TxnIndex } from './txnIndex';

/** Stored batches returned by a read, as chunks to write back to back. */
export interface LogSlice {
  chunks: Buffer[];
  bytes: number;
}

export interface PartitionLog {
  /** Offset of the first record still stored. */
  readonly logStartOffset: number;
  /** Offset the next appended record gets; also the high watermark (single replica). */
  readonly nextOffset: number;
  /** Open and aborted transactions, kept up to date by append and rebuilt from the log on open. */
  readonly txns: TxnIndex;
  /** Appends one validated batch (its bytes are modified in place: base offset) and returns the assigned base offset. */
  append(batch: Buffer, info: BatchInfo): number;
  /**
   * Whole stored batches starting with the one containing `offset`, up to `maxBytes` in total but always at least one
   * batch (KIP-74), so a batch larger than the limit still makes progress. Only batches that start below `endOffset`
   * (read_committed: the last stable offset) are returned, none when the first does not.
   */
  read(offset: number, maxBytes: number, endOffset?: number): LogSlice;
  /** First offset of the first batch with a timestamp >= ts, or -1 when none. */
  offsetForTimestamp(ts: number): number;
  /** The batch with the greatest timestamp: its last offset and that timestamp, or undefined when empty. */
  maxTimestamp(): { offset: number; timestamp: number } | undefined;
  /**
   * Log maintenance, as the topic's config says: with cleanup.policy delete, segments older than retention.ms or
   * beyond retention.bytes go (the log start offset moves); with compact, the log is compacted when its dirty share
   * reaches min.cleanable.dirty.ratio (`force`: whatever the ratio). Never removes the last stored batch's offsets.
   */
  maintain(now: number, force?: boolean): void;
  /** DeleteRecords: moves the log start offset up to `offset` (≤ nextOffset), dropping what is wholly below it. */
  deleteRecordsBefore(offset: number): void;
  /** Releases file handles; the data stays. */
  close(): void;
  /** Closes and removes the data (topic deletion). */
  destroy(): void;
}
