// In-memory partition log: the batch buffers themselves plus their index; retention drops the oldest batches.
import type { BatchInfo } from '../protocol/recordBatch';
import { writeBaseOffset } from '../protocol/recordBatch';
import { BatchIndex } from './batchIndex';
import { holdsPooledBuffers } from './bufferPool';
import type { LogSlice, PartitionLog } from './partitionLog';

export class MemoryLog implements PartitionLog {
  private readonly index = new BatchIndex();
  private batches: Buffer[] = [];
  private first = 0;
  private bytes = 0;
  nextOffset = 0;
  logStartOffset = 0;

  constructor(private readonly retentionBytes: number | undefined) {}

  append(batch: Buffer, info: BatchInfo): number {
    const baseOffset = this.nextOffset;
    // Kept as is when the batch is most of the memory behind it (a frame assembled for this request); copied when it
    // is a small view into a larger buffer, so the log never pins unrelated bytes, or pooled memory the connection
    // reuses once the request is handled.
    const keep = batch.buffer.byteLength <= batch.length * 4 + 65536 && !holdsPooledBuffers([batch]);
    const stored = keep ? batch : Buffer.from(batch);
    writeBaseOffset(stored, baseOffset);
    this.batches.push(stored);
    this.index.push({
      baseOffset,
      lastOffset: baseOffset + info.lastOffsetDelta,
      position: 0,
      size: stored.length,
      maxTimestamp: info.maxTimestamp,
    });
    this.bytes += stored.length;
    this.nextOffset = baseOffset + info.lastOffsetDelta + 1;
    this.enforceRetention();
    return baseOffset;
  }

  private enforceRetention(): void {
    if (this.retentionBytes === undefined) return;
    let dropped = 0;
    while (this.bytes > this.retentionBytes && this.index.count - dropped > 1) {
      this.bytes -= this.index.size(dropped);
      dropped++;
    }
    if (dropped === 0) return;
    this.index.dropFront(dropped);
    this.first += dropped;
    this.logStartOffset = this.index.at(0).baseOffset;
    if (this.first > 1024 && this.first * 2 > this.batches.length) {
      this.batches = this.batches.slice(this.first);
      this.first = 0;
    }
  }

  read(offset: number, maxBytes: number): LogSlice {
    const chunks: Buffer[] = [];
    let bytes = 0;
    for (let i = this.index.findByOffset(offset); i < this.index.count; i++) {
      const batch = this.batches[this.first + i] as Buffer;
      if (chunks.length > 0 && bytes + batch.length > maxBytes) break;
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
