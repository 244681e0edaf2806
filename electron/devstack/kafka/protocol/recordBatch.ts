// RecordBatch v2 (magic 2) header access. The broker never decodes records: it validates the header and CRC, then
// stores the batch bytes as they arrived, rewriting only baseOffset (bytes 0-7), which the CRC does not cover.
import { crc32c } from './crc32c';

/** baseOffset(8) batchLength(4) partitionLeaderEpoch(4) magic(1) crc(4) attributes(2) lastOffsetDelta(4)
 *  baseTimestamp(8) maxTimestamp(8) producerId(8) producerEpoch(2) baseSequence(4) recordsCount(4). */
export const BATCH_HEADER_BYTES = 61;
/** Bytes before batchLength's counted region: baseOffset + batchLength. */
export const BATCH_LOG_OVERHEAD = 12;
const CRC_AT = 17;
const ATTRIBUTES_AT = 21;

/** The header fields the broker needs about one batch. */
export interface BatchInfo {
  /** Total bytes of the batch including baseOffset and batchLength. */
  size: number;
  lastOffsetDelta: number;
  baseTimestamp: number;
  maxTimestamp: number;
  producerId: number;
  producerEpoch: number;
  baseSequence: number;
  recordsCount: number;
  attributes: number;
}

export type BatchProblem = { problem: 'truncated' | 'magic' | 'crc' | 'length'; message: string };

/** Reads and checks the batch starting at `at` in `buf` (magic, length, CRC-32C). */
export function inspectBatch(buf: Buffer, at: number, end = buf.length, verifyCrc = true): BatchInfo | BatchProblem {
  if (end - at < BATCH_LOG_OVERHEAD) return { problem: 'truncated', message: 'batch header cut short' };
  const batchLength = buf.readInt32BE(at + 8);
  const size = batchLength + BATCH_LOG_OVERHEAD;
  if (batchLength < BATCH_HEADER_BYTES - BATCH_LOG_OVERHEAD)
    return { problem: 'length', message: `batch length ${batchLength} too small` };
  if (end - at < size) return { problem: 'truncated', message: `batch of ${size} bytes cut short at ${end - at}` };
  const magic = buf.readInt8(at + 16);
  if (magic !== 2) return { problem: 'magic', message: `record batch magic ${magic} (only v2 is supported)` };
  if (verifyCrc) {
    const expected = buf.readUInt32BE(at + CRC_AT);
    const actual = crc32c(buf, at + ATTRIBUTES_AT, at + size);
    if (expected !== actual)
      return { problem: 'crc', message: `CRC-32C mismatch (header ${expected}, computed ${actual})` };
  }
  return {
    size,
    attributes: buf.readInt16BE(at + 21),
    lastOffsetDelta: buf.readInt32BE(at + 23),
    baseTimestamp: Number(buf.readBigInt64BE(at + 27)),
    maxTimestamp: Number(buf.readBigInt64BE(at + 35)),
    producerId: Number(buf.readBigInt64BE(at + 43)),
    producerEpoch: buf.readInt16BE(at + 51),
    baseSequence: buf.readInt32BE(at + 53),
    recordsCount: buf.readInt32BE(at + 57),
  };
}

export function isBatchProblem(x: BatchInfo | BatchProblem): x is BatchProblem {
  return 'problem' in x;
}

/** Reads the baseOffset of the batch at `at`. */
export function readBaseOffset(buf: Buffer, at = 0): number {
  return Number(buf.readBigInt64BE(at));
}

/**
 * Assigns the batch's base offset and stamps the partition leader epoch (always 0 here, as Metadata reports) in
 * place. Neither field is covered by the CRC, so the batch stays valid without recomputing it.
 */
export function writeBaseOffset(buf: Buffer, offset: number, at = 0): void {
  const high = Math.floor(offset / 0x100000000);
  buf.writeInt32BE(high, at);
  buf.writeUInt32BE(offset - high * 0x100000000, at + 4);
  buf.writeInt32BE(0, at + 12);
}

/** Timestamp type bit: 1 = LogAppendTime. */
export function isLogAppendTime(attributes: number): boolean {
  return (attributes & 0x08) !== 0;
}
