// On-disk partition log: a directory of segment files. Only the batch index lives in memory; reads go through the
// file descriptor. Appends land in the OS page cache before the produce is acknowledged (no fsync: a process crash
// loses nothing acknowledged, a power loss may; this is a development broker). Retention deletes whole old segments;
// compaction rewrites sealed segments in place (a `.cleaned` file renamed over the old one).
import {
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  renameSync,
  rmSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import type { Logger } from '../../../../shared/logger';
import { type BatchInfo, writeBaseOffset } from '../protocol/recordBatch';
import { takePooledBuffer } from './bufferPool';
import { buildOffsetMap, cleanBatch, type TxnView } from './compaction';
import type { LogSlice, PartitionLog } from './partitionLog';
import { Segment, segmentFileName } from './segment';
import type { LogConfig } from './topicConfig';
import { TxnIndex, isTxnBatch } from './txnIndex';

export interface FileLogOptions {
  dir: string;
  config: LogConfig;
  logger: Logger;
}

/** Kafka's log-start-offset checkpoint, one per partition directory here. */
const LOG_START_FILE = 'log-start-offset';

export class FileLog implements PartitionLog {
  private segments: Segment[] = [];
  private bytes = 0;
  private dirtyBytes = 0;
  /** Set by DeleteRecords (persisted); the log start is never below it. */
  private deletedBefore = 0;
  nextOffset = 0;
  logStartOffset = 0;
  /** Rebuilt from the batches' headers (and markers' keys) as the segments are scanned on open. */
  readonly txns = new TxnIndex();

  constructor(private readonly options: FileLogOptions) {
    mkdirSync(options.dir, { recursive: true });
    for (const stale of readdirSync(options.dir).filter((f) => f.endsWith('.cleaned')))
      unlinkSync(join(options.dir, stale));
    const files = readdirSync(options.dir)
      .filter((f) => /^\d{20}\.log$/.test(f))
      .sort();
    const observe = (buf: Buffer, at: number, end: number, base: number, attributes: number): void => {
      if (isTxnBatch(attributes)) this.txns.observe(buf, at, end, base);
    };
    files.forEach((file, i) => {
      const active = i === files.length - 1;
      const path = join(options.dir, file);
      this.segments.push(Segment.recover(path, Number(file.slice(0, 20)), options.logger, active, observe));
    });
    // Only the active (last) segment keeps its file open; older ones are opened per read.
    for (const segment of this.segments.slice(0, -1)) segment.close();
    for (const segment of this.segments) {
      this.bytes += segment.size;
      if (segment.index.count > 0) {
        const lastEntry = segment.index.at(segment.index.count - 1);
        this.nextOffset = Math.max(this.nextOffset, lastEntry.lastOffset + 1);
      } else {
        this.nextOffset = Math.max(this.nextOffset, segment.baseOffset);
      }
    }
    this.dirtyBytes = this.bytes;
    const startFile = join(options.dir, LOG_START_FILE);
    if (existsSync(startFile)) this.deletedBefore = Number(readFileSync(startFile, 'utf8')) || 0;
    this.updateLogStart();
  }

  private get config(): LogConfig {
    return this.options.config;
  }

  /** The first segment's base offset (compaction does not move it, as in Kafka), or DeleteRecords' if higher. */
  private updateLogStart(): void {
    const stored = this.segments[0]?.baseOffset ?? this.nextOffset;
    this.logStartOffset = Math.min(this.nextOffset, Math.max(stored, this.deletedBefore, this.logStartOffset));
    this.txns.truncateBefore(this.logStartOffset);
  }

  private roll(): Segment {
    this.segments[this.segments.length - 1]?.close();
    const segment = Segment.create(join(this.options.dir, segmentFileName(this.nextOffset)), this.nextOffset);
    this.segments.push(segment);
    return segment;
  }

  /** The segment to append to, rolled as Kafka's LogSegment.shouldRoll decides (size, or segment.ms by timestamps). */
  private active(batchBytes: number, maxTimestamp: number): Segment {
    const last = this.segments[this.segments.length - 1];
    if (!last) return this.roll();
    // Rolled when this batch would take the segment past segment.bytes (a batch alone may be larger).
    if (last.size > 0 && last.size + batchBytes > this.config.segmentBytes) return this.roll();
    // segment.ms compares the incoming batch's timestamp with the segment's first one, as Kafka does.
    if (last.index.count > 0 && maxTimestamp - last.index.at(0).maxTimestamp > this.config.segmentMs)
      return this.roll();
    return last;
  }

  append(batch: Buffer, info: BatchInfo): number {
    const baseOffset = this.nextOffset;
    writeBaseOffset(batch, baseOffset);
    if (isTxnBatch(info.attributes)) this.txns.observe(batch, 0, batch.length, baseOffset);
    this.active(batch.length, info.maxTimestamp).append(
      batch,
      baseOffset,
      baseOffset + info.lastOffsetDelta,
      info.maxTimestamp,
    );
    this.nextOffset = baseOffset + info.lastOffsetDelta + 1;
    this.bytes += batch.length;
    this.dirtyBytes += batch.length;
    if (this.config.delete && this.config.retentionBytes >= 0 && this.bytes > this.config.retentionBytes)
      this.enforceRetention(Number.NaN);
    return baseOffset;
  }

  private removeOldest(): void {
    const oldest = this.segments.shift() as Segment;
    this.bytes -= oldest.size;
    oldest.close();
    unlinkSync(oldest.path);
  }

  /**
   * Deletes the oldest segments while the log stays over retention.bytes without them, or (with `now`) while their
   * newest timestamp is older than retention.ms. An expired active segment is rolled first, as Kafka does.
   */
  private enforceRetention(now: number): void {
    const { retentionBytes, retentionMs } = this.config;
    for (;;) {
      const oldest = this.segments[0];
      if (!oldest) break;
      const overSize = retentionBytes >= 0 && this.bytes - oldest.size >= retentionBytes && this.segments.length > 1;
      // The segment's newest timestamp is a scan of its index: only looked at when time retention is on.
      const expired =
        retentionMs >= 0 &&
        oldest.index.count > 0 &&
        oldest.index.at(oldest.index.maxTimestampIndex()).maxTimestamp < now - retentionMs;
      if (!overSize && !expired) break;
      if (this.segments.length === 1) this.roll();
      this.removeOldest();
    }
    this.updateLogStart();
  }

  maintain(now: number, force = false): void {
    if (this.config.delete) this.enforceRetention(now);
    if (this.config.compact && this.segments.length > 1) {
      if (force || this.dirtyBytes >= this.bytes * this.config.minCleanableDirtyRatio) this.compact(now);
    }
  }

  /** Rewrites every sealed segment keeping the newest record per key (see compaction.ts). */
  private compact(now: number): void {
    const all = this.segments.map((segment) => this.segmentBatches(segment));
    const txns: TxnView = {
      lastStableOffset: this.txns.lastStableOffset(this.nextOffset),
      isAborted: (producerId, offset) => this.txns.isAborted(producerId, offset),
    };
    const map = buildOffsetMap(all.flat(), txns);
    const sealed = this.segments.slice(0, -1);
    sealed.forEach((segment, i) => {
      const batches = all[i] as Buffer[];
      const cleaned = batches.map((b) => cleanBatch(b, map, now, this.config.deleteRetentionMs, txns));
      if (cleaned.every((c, j) => c === batches[j])) return;
      const kept = cleaned.filter((c): c is Buffer => c !== null);
      const temp = `${segment.path}.cleaned`;
      writeFileSync(temp, Buffer.concat(kept));
      segment.close();
      renameSync(temp, segment.path);
      const rebuilt = Segment.recover(segment.path, segment.baseOffset, this.options.logger, false);
      rebuilt.close();
      this.bytes += rebuilt.size - segment.size;
      this.segments[this.segments.indexOf(segment)] = rebuilt;
    });
    this.dirtyBytes = 0;
    this.updateLogStart();
  }

  private segmentBatches(segment: Segment): Buffer[] {
    if (segment.size === 0) return [];
    const bytes = segment.readRange(0, segment.size);
    if (segment !== this.segments[this.segments.length - 1]) segment.close();
    const out: Buffer[] = [];
    for (let i = 0; i < segment.index.count; i++) {
      const entry = segment.index.at(i);
      out.push(bytes.subarray(entry.position, entry.position + entry.size));
    }
    return out;
  }

  deleteRecordsBefore(offset: number): void {
    if (offset <= this.logStartOffset) return;
    this.deletedBefore = Math.min(offset, this.nextOffset);
    const file = join(this.options.dir, LOG_START_FILE);
    writeFileSync(`${file}.tmp`, String(this.deletedBefore));
    renameSync(`${file}.tmp`, file);
    // Segments wholly below the new start go; the active one is rolled first when it is among them.
    while (this.segments.length > 0) {
      const oldest = this.segments[0] as Segment;
      const last = oldest.index.count > 0 ? oldest.index.at(oldest.index.count - 1).lastOffset : oldest.baseOffset - 1;
      if (last >= this.deletedBefore || oldest.index.count === 0) break;
      if (this.segments.length === 1) this.roll();
      this.removeOldest();
    }
    this.updateLogStart();
  }

  read(offset: number, maxBytes: number, endOffset = Number.POSITIVE_INFINITY): LogSlice {
    for (const segment of this.segments) {
      const index = segment.index;
      if (index.count === 0 || index.at(index.count - 1).lastOffset < offset) continue;
      const from = index.findByOffset(offset);
      const start = index.at(from);
      if (start.baseOffset >= endOffset) break;
      let bytes = start.size;
      let to = from + 1;
      while (to < index.count && bytes + index.size(to) <= maxBytes && index.baseOffsetAt(to) < endOffset)
        bytes += index.size(to++);
      const chunk = segment.readRange(start.position, bytes, takePooledBuffer);
      if (segment !== this.segments[this.segments.length - 1]) segment.close();
      return { chunks: [chunk], bytes };
    }
    return { chunks: [], bytes: 0 };
  }

  offsetForTimestamp(ts: number): number {
    for (const segment of this.segments) {
      const i = segment.index.findByTimestamp(ts);
      if (i < segment.index.count) return Math.max(segment.index.at(i).baseOffset, this.logStartOffset);
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
