// Transaction markers: the control batches (RecordBatch v2 with the control and transactional attribute bits) that
// end a transaction in each of its partitions. One control record: key = version int16 + type int16 (0 abort,
// 1 commit), value = version int16 + coordinator epoch int32, as Kafka's ControlRecordType / EndTransactionMarker.
import { crc32c } from './crc32c';
import { BATCH_HEADER_BYTES } from './recordBatch';

/** Batch attribute bits (Kafka's DefaultRecordBatch). */
export const TRANSACTIONAL_BIT = 0x10;
export const CONTROL_BIT = 0x20;

/** Control record types that end a transaction. */
export const ControlType = { ABORT: 0, COMMIT: 1 } as const;

// Record body: attributes(1) timestampDelta(1) offsetDelta(1) keyLength(1) key(4) valueLength(1) value(6) headers(1).
const RECORD = Buffer.from([0, 0, 0, 8, 0, 0, 0, 0, 12, 0, 0, 0, 0, 0, 0, 0]);

/** A marker batch for `producerId`/`producerEpoch` (base offset 0: the log assigns it). */
export function buildControlBatch(producerId: number, producerEpoch: number, type: number, timestamp: number): Buffer {
  const out = Buffer.alloc(BATCH_HEADER_BYTES + 1 + RECORD.length);
  out.writeInt32BE(out.length - 12, 8);
  out.writeInt8(2, 16);
  out.writeInt16BE(CONTROL_BIT | TRANSACTIONAL_BIT, 21);
  out.writeInt32BE(0, 23);
  out.writeBigInt64BE(BigInt(timestamp), 27);
  out.writeBigInt64BE(BigInt(timestamp), 35);
  out.writeBigInt64BE(BigInt(producerId), 43);
  out.writeInt16BE(producerEpoch, 51);
  out.writeInt32BE(-1, 53);
  out.writeInt32BE(1, 57);
  // Record length as a zig-zag varint (16 bytes -> 32), then the record itself with the type in the key.
  out.writeInt8(RECORD.length * 2, BATCH_HEADER_BYTES);
  RECORD.copy(out, BATCH_HEADER_BYTES + 1);
  out.writeInt16BE(type, BATCH_HEADER_BYTES + 1 + 6);
  out.writeUInt32BE(crc32c(out, 21, out.length), 17);
  return out;
}

function skipVarint(buf: Buffer, at: number): number {
  while (at < buf.length && (buf[at] as number) >= 0x80) at++;
  return at + 1;
}

/**
 * The control type (0 abort, 1 commit, others for future markers) of the control batch at `at` in `buf`, read from
 * its first record's key; -1 when the record cannot be read (compressed or malformed).
 */
export function controlType(buf: Buffer, at = 0, end = buf.length): number {
  if ((buf.readInt16BE(at + 21) & 0x07) !== 0) return -1;
  let i = skipVarint(buf, at + BATCH_HEADER_BYTES); // record length
  i += 1; // attributes
  i = skipVarint(buf, i); // timestamp delta
  i = skipVarint(buf, i); // offset delta
  i = skipVarint(buf, i); // key length (4)
  return i + 4 <= end ? buf.readInt16BE(i + 2) : -1;
}
