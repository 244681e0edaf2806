// One segment file of a partition log: batches back to back, named after the first base offset it may hold.
// Opening a segment scans it, checking every batch's length and magic (and CRC-32C for the active segment); the
// first bad or incomplete batch (a torn write after a crash) and everything after it is cut off.
import { closeSync, ftruncateSync, openSync, readSync, writeSync, fstatSync } from 'node:fs';
import type { Logger } from '../../../../shared/logger';
import { BATCH_LOG_OVERHEAD, inspectBatch, isBatchProblem, readBaseOffset } from '../protocol/recordBatch';
import { BatchIndex } from './batchIndex';

const SCAN_CHUNK = 1 << 20;

/** Told about each batch as a segment is recovered (the bytes are only valid during the call). */
export type RecoveredBatch = (buf: Buffer, at: number, end: number, baseOffset: number, attributes: number) => void;

export function segmentFileName(baseOffset: number): string {
  return `${String(baseOffset).padStart(20, '0')}.log`;
}

export class Segment {
  readonly index = new BatchIndex();
  size = 0;
  private fd: number | undefined;

  private constructor(
    readonly path: string,
    readonly baseOffset: number,
  ) {}

  static create(path: string, baseOffset: number): Segment {
    const segment = new Segment(path, baseOffset);
    segment.fd = openSync(path, 'wx+');
    return segment;
  }

  /**
   * Opens an existing segment and rebuilds its index, cutting a torn tail. The file is read in large windows (not
   * a read per batch), and CRCs are checked only when `verifyCrc` is set: the active segment is the only one a crash
   * can have torn, since a segment is sealed only after its last write completed.
   */
  static recover(
    path: string,
    baseOffset: number,
    logger: Logger,
    verifyCrc: boolean,
    onBatch?: RecoveredBatch,
  ): Segment {
    const segment = new Segment(path, baseOffset);
    const fd = openSync(path, 'r+');
    segment.fd = fd;
    const fileSize = fstatSync(fd).size;
    let window = Buffer.allocUnsafe(SCAN_CHUNK);
    let windowStart = 0;
    let windowLength = 0;
    const load = (from: number, need: number): void => {
      if (window.length < need) window = Buffer.allocUnsafe(need);
      windowStart = from;
      windowLength = 0;
      const want = Math.min(window.length, fileSize - from);
      while (windowLength < want) {
        const n = readSync(fd, window, windowLength, want - windowLength, from + windowLength);
        if (n === 0) break;
        windowLength += n;
      }
    };
    let position = 0;
    let problem: string | undefined;
    while (position < fileSize) {
      if (fileSize - position < BATCH_LOG_OVERHEAD) {
        problem = 'incomplete batch header';
        break;
      }
      if (position + BATCH_LOG_OVERHEAD > windowStart + windowLength) load(position, BATCH_LOG_OVERHEAD);
      const size = window.readInt32BE(position - windowStart + 8) + BATCH_LOG_OVERHEAD;
      if (size <= BATCH_LOG_OVERHEAD || position + size > fileSize) {
        problem = `batch of ${size} bytes runs past the end of the file`;
        break;
      }
      if (position + size > windowStart + windowLength) load(position, size);
      const at = position - windowStart;
      const info = inspectBatch(window, at, at + size, verifyCrc);
      if (isBatchProblem(info)) {
        problem = info.message;
        break;
      }
      const batchBase = readBaseOffset(window, at);
      onBatch?.(window, at, at + size, batchBase, info.attributes);
      segment.index.push({
        baseOffset: batchBase,
        lastOffset: batchBase + info.lastOffsetDelta,
        position,
        size,
        maxTimestamp: info.maxTimestamp,
      });
      position += size;
    }
    if (problem !== undefined) {
      logger.warn(
        { segment: path, validBytes: position, fileBytes: fileSize, problem },
        'kafka log: cutting torn tail of segment',
      );
      ftruncateSync(fd, position);
    }
    segment.size = position;
    return segment;
  }

  /** Writes a batch at the end (into the OS page cache; no fsync). */
  append(batch: Buffer, baseOffset: number, lastOffset: number, maxTimestamp: number): void {
    const fd = this.requireFd();
    let written = 0;
    while (written < batch.length)
      written += writeSync(fd, batch, written, batch.length - written, this.size + written);
    this.index.push({ baseOffset, lastOffset, position: this.size, size: batch.length, maxTimestamp });
    this.size += batch.length;
  }

  /** Reads bytes [position, position + length) of the file, into memory from `allocate`. */
  readRange(position: number, length: number, allocate: (n: number) => Buffer = Buffer.allocUnsafe): Buffer {
    const fd = this.requireFd();
    const out = allocate(length);
    let got = 0;
    while (got < length) {
      const n = readSync(fd, out, got, length - got, position + got);
      if (n === 0) break;
      got += n;
    }
    return got === length ? out : out.subarray(0, got);
  }

  /** Sealed segments are closed to save file descriptors and reopened on demand for reads. */
  private requireFd(): number {
    this.fd ??= openSync(this.path, 'r+');
    return this.fd;
  }

  close(): void {
    if (this.fd === undefined) return;
    closeSync(this.fd);
    this.fd = undefined;
  }
}
