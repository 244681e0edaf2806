// On-disk partition log: a directory of segment files. Only the batch index lives in memory; reads go through the
// file descriptor. Appends land in the OS page cache before the produce is acknowledged (no fsync: a process crash
// loses nothing acknowledged, a power loss may; this is a development broker). Retention deletes whole old segments.
import { mkdirSync, readdirSync, rmSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from '../../../../shared/logger';
import { type BatchInfo, writeBaseOffset } from '../protocol/recordBatch';
import { takePooledBuffer } from './bufferPool';
import type { LogSlice, PartitionLog } from './partitionLog';
import { Segment, segmentFileName } from './segment';

export interface FileLogOptions {
  dir: string;
  segmentBytes: number;
  retentionBytes: number | undefined;
  logger: Logger;
}

export class FileLog implements PartitionLog {
  private segments: Segment[] = [];
  nextOffset = 0;
  logStartOffset = 0;

  constructor(private readonly options: FileLogOptions) {
    mkdirSync(options.dir, { recursive: true });
    const files = readdirSync(options.dir)
      .filter((f) => /^\d{20}\.log$/.test(f))
      .sort();
    files.forEach((file, i) => {
      const active = i === files.length - 1;
      this.segments.push(Segment.recover(join(options.dir, file), Number(file.slice(0, 20)), options.logger, active));
    });
    // Only the active (last) segment keeps its file open; older ones are opened per read.
    for (const segment of this.segments.slice(0, -1)) segment.close();
    for (const segment of this.segments) {
      if (segment.index.count > 0) {
        const lastEntry = segment.index.at(segment.index.count - 1);
        this.nextOffset = Math.max(this.nextOffset, lastEntry.lastOffset + 1);
      } else {
        this.nextOffset = Math.max(this.nextOffset, segment.baseOffset);
      }
    }
    this.updateLogStart();
  }

  private updateLogStart(): void {
    const first = this.segments.find((s) => s.index.count > 0);
    this.logStartOffset = first ? first.index.at(0).baseOffset : this.nextOffset;
  }

  private active(): Segment {
    const last = this.segments[this.segments.length - 1];
    if (last && last.size < this.options.segmentBytes) return last;
    last?.close();
    const segment = Segment.create(join(this.options.dir, segmentFileName(this.nextOffset)), this.nextOffset);
    this.segments.push(segment);
    return segment;
  }

  append(batch: Buffer, info: BatchInfo): number {
    const baseOffset = this.nextOffset;
    writeBaseOffset(batch, baseOffset);
    this.active().append(batch, baseOffset, baseOffset + info.lastOffsetDelta, info.maxTimestamp);
    this.nextOffset = baseOffset + info.lastOffsetDelta + 1;
    this.enforceRetention();
    return baseOffset;
  }

  private enforceRetention(): void {
    const limit = this.options.retentionBytes;
    if (limit === undefined) return;
    let total = this.segments.reduce((n, s) => n + s.size, 0);
    while (total > limit && this.segments.length > 1) {
      const oldest = this.segments.shift() as Segment;
      total -= oldest.size;
      oldest.close();
      unlinkSync(oldest.path);
    }
    this.updateLogStart();
  }

  read(offset: number, maxBytes: number): LogSlice {
    for (const segment of this.segments) {
      const index = segment.index;
      if (index.count === 0 || index.at(index.count - 1).lastOffset < offset) continue;
      const from = index.findByOffset(offset);
      const start = index.at(from);
      let bytes = start.size;
      let to = from + 1;
      while (to < index.count && bytes + index.size(to) <= maxBytes) bytes += index.size(to++);
      const chunk = segment.readRange(start.position, bytes, takePooledBuffer);
      if (segment !== this.segments[this.segments.length - 1]) segment.close();
      return { chunks: [chunk], bytes };
    }
    return { chunks: [], bytes: 0 };
  }

  offsetForTimestamp(ts: number): number {
    for (const segment of this.segments) {
      const i = segment.index.findByTimestamp(ts);
      if (i < segment.index.count) return segment.index.at(i).baseOffset;
    }
    return -1;
  }

  maxTimestamp(): { offset: number; timestamp: number } | undefined {
    let best: { offset: number; timestamp: number } | undefined;
    for (const segment of this.segments) {
      const i = segment.index.maxTimestampIndex();
      if (i < 0) continue;
      const entry = segment.index.at(i);
      if (!best || entry.maxTimestamp > best.timestamp)
        best = { offset: entry.lastOffset, timestamp: entry.maxTimestamp };
    }
    return best;
  }

  close(): void {
    for (const segment of this.segments) segment.close();
  }

  destroy(): void {
    this.close();
    this.segments = [];
    rmSync(this.options.dir, { recursive: true, force: true });
  }
}
