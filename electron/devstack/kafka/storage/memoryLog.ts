// In-memory partition log: the batch buffers themselves plus their index. Retention drops the oldest batches;
// compaction rewrites every batch but the newest (the memory log's "active segment").
import type { BatchInfo } from '../protocol/recordBatch';
import { writeBaseOffset } from '../protocol/recordBatch';
import { BatchIndex } from './batchIndex';
import { holdsPooledBuffers } from './bufferPool';
import { buildOffsetMap, cleanBatch, type TxnView } from './compaction';
import type { LogSlice, PartitionLog } from './partitionLog';
import type { LogConfig } from './topicConfig';
import { TxnIndex, isTxnBatch } from './txnIndex';

export class MemoryLog implements PartitionLog {
  private index = new BatchIndex();
  private batches: Buffer[] = [];
  private first = 0;
  private bytes = 0;
  /** Bytes appended since the last compaction (the dirty part, for min.cleanable.dirty.ratio). */
  private dirtyBytes = 0;
  nextOffset = 0;
  logStartOffset = 0;
  readonly txns = new TxnIndex();

  constructor(private readonly config: LogConfig) {}

  append(batch: Buffer, info: BatchInfo): number {
    const baseOffset = this.nextOffset;
    // Kept as is when the batch is most of the memory behind it (a frame assembled for this request); copied when it
    // is a small view into a larger buffer, so the log never pins unrelated bytes, or pooled memory the connection
    // reuses once the request is handled.
    const keep = batch.buffer.byteLength <= batch.length * 4 + 65536 && !holdsPooledBuffers([batch]);
    const stored = keep ? batch : Buffer.from(batch);
    writeBaseOffset(stored, baseOffset);
    if (isTxnBatch(info.attributes)) this.txns.observe(stored, 0, stored.length, baseOffset);
    this.batches.push(stored);
    this.index.push({
      baseOffset,
      lastOffset: baseOffset + info.lastOffsetDelta,
      position: 0,
      size: stored.length,
      maxTimestamp: info.maxTimestamp,
    });
    this.bytes += stored.length;
    this.dirtyBytes += stored.length;
    this.nextOffset = baseOffset + info.lastOffsetDelta + 1;
    if (this.config.delete && this.config.retentionBytes >= 0 && this.bytes > this.config.retentionBytes)
      this.enforceRetention(Number.NaN);
    return baseOffset;
  }

  /** Drops the oldest batches over retention.bytes, or (with `now`) older than retention.ms; never the newest. */
  private enforceRetention(now: number): void {
    const { retentionBytes, retentionMs } = this.config;
    let dropped = 0;
    let bytes = this.bytes;
    while (this.index.count - dropped > 1) {
      const overSize = retentionBytes >= 0 && bytes > retentionBytes;
      const expired = retentionMs >= 0 && this.index.at(dropped).maxTimestamp < now - retentionMs;
      if (!overSize && !expired) break;
      bytes -= this.index.size(dropped);
      dropped++;
    }
    if (dropped === 0) return;
    this.bytes = bytes;
    this.dropFront(dropped);
    this.logStartOffset = Math.max(this.logStartOffset, this.index.at(0).baseOffset);
    this.txns.truncateBefore(this.logStartOffset);
  }

  private dropFront(n: number): void {
    this.index.dropFront(n);
    this.first += n;
    if (this.first > 1024 && this.first * 2 > this.batches.length) {
      this.batches = this.batches.slice(this.first);
      this.first = 0;
    }
  }

  maintain(now: number, force = false): void {
    if (this.config.delete) this.enforceRetention(now);
    if (!this.config.compact || this.index.count < 2) return;
    if (!force && this.dirtyBytes < this.bytes * this.config.minCleanableDirtyRatio) return;
    const live = this.batches.slice(this.first);
    const txns = this.txnView();
    const map = buildOffsetMap(live, txns);
    const index = new BatchIndex();
    const kept: Buffer[] = [];
    let bytes = 0;
    live.forEach((batch, i) => {
      const isActive = i === live.length - 1;
      const cleaned = isActive ? batch : cleanBatch(batch, map, now, this.config.deleteRetentionMs, txns);
      if (cleaned === null) return;
      const entry = this.index.at(i);
      kept.push(cleaned);
      index.push({ ...entry, size: cleaned.length });
      bytes += cleaned.length;
    });
    this.batches = kept;
    this.first = 0;
    this.index = index;
    this.bytes = bytes;
    this.dirtyBytes = 0;
  }

  private txnView(): TxnView {
    return {
      lastStableOffset: this.txns.lastStableOffset(this.nextOffset),
      isAborted: (producerId, offset) => this.txns.isAborted(producerId, offset),
    };
  }

  deleteRecordsBefore(offset: number): void {
    if (offset <= this.logStartOffset) return;
    this.logStartOffset = Math.min(offset, this.nextOffset);
    let dropped = 0;
    while (dropped < this.index.count && this.index.at(dropped).lastOffset < this.logStartOffset) {
      this.bytes -= this.index.size(dropped);
      dropped++;
    }
    if (dropped > 0) this.dropFront(dropped);
    this.txns.truncateBefore(this.logStartOffset);
  }

  read(offset: number, maxBytes: number, endOffset = Number.POSITIVE_INFINITY): LogSlice {
    const chunks: Buffer[] = [];
    let bytes = 0;
    for (let i = this.index.findByOffset(offset); i < this.index.count; i++) {
      const batch = this.batches[this.first + i] as Buffer;
      if (chunks.length > 0 && bytes + batch.length > maxBytes) break;
      if (this.index.baseOffsetAt(i) >= endOffset) break;
      chunks.push(batch);
      bytes += batch.length;
    }
    return { chunks, bytes };
  }

  offsetForTimestamp(ts: number): number {
    const i = this.index.findByTimestamp(ts);
    return i < this.index.count ? Math.max(this.index.at(i).baseOffset, this.logStartOffset) : -1;
  }

  maxTimestamp(): { offset: number; timestamp: number } | undefined {
    const i = this.index.maxTimestampIndex();
    if (i < 0) return undefined;
    const entry = this.index.at(i);
    return { offset: entry.lastOffset, timestamp: entry.maxTimestamp };
  }

  close(): void {}

  destroy(): void {
    this.batches = [];
    this.index.dropFront(this.index.count);
  }
}
