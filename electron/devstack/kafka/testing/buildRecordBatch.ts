// Builds an uncompressed RecordBatch v2 with a valid CRC-32C, for tests that produce without a client library.
import { crc32c } from '../protocol/crc32c';

function zigzagVarint(value: number): Buffer {
  let v = value >= 0 ? value * 2 : -value * 2 - 1;
  const bytes: number[] = [];
  while (v >= 0x80) {
    bytes.push((v & 0x7f) | 0x80);
    v = Math.floor(v / 128);
  }
  bytes.push(v);
  return Buffer.from(bytes);
}

export interface TestRecord {
  key?: string | null;
  /** null = a tombstone. */
  value: string | Buffer | null;
  timestamp?: number;
}

export function buildRecordBatch(
  records: TestRecord[],
  options: {
    baseTimestamp?: number;
    producerId?: number;
    producerEpoch?: number;
    baseSequence?: number;
    /** Sets the transactional attribute bit (a transactional producer's batch). */
    transactional?: boolean;
  } = {},
): Buffer {
  const baseTimestamp = options.baseTimestamp ?? records[0]?.timestamp ?? Date.now();
  let maxTimestamp = baseTimestamp;
  const encoded = records.map((record, i) => {
    const ts = record.timestamp ?? baseTimestamp;
    maxTimestamp = Math.max(maxTimestamp, ts);
    const key = record.key === undefined || record.key === null ? null : Buffer.from(record.key);
    const value =
      record.value === null ? null : Buffer.isBuffer(record.value) ? record.value : Buffer.from(record.value);
    const body = Buffer.concat([
      Buffer.from([0]),
      zigzagVarint(ts - baseTimestamp),
      zigzagVarint(i),
      key === null ? zigzagVarint(-1) : Buffer.concat([zigzagVarint(key.length), key]),
      value === null ? zigzagVarint(-1) : Buffer.concat([zigzagVarint(value.length), value]),
      zigzagVarint(0),
    ]);
    return Buffer.concat([zigzagVarint(body.length), body]);
  });
  const payload = Buffer.concat(encoded);
  const header = Buffer.alloc(61);
  header.writeBigInt64BE(0n, 0);
  header.writeInt32BE(61 - 12 + payload.length, 8);
  header.writeInt32BE(0, 12);
  header.writeInt8(2, 16);
  header.writeInt16BE(options.transactional === true ? 0x10 : 0, 21);
  header.writeInt32BE(records.length - 1, 23);
  header.writeBigInt64BE(BigInt(baseTimestamp), 27);
  header.writeBigInt64BE(BigInt(maxTimestamp), 35);
  header.writeBigInt64BE(BigInt(options.producerId ?? -1), 43);
  header.writeInt16BE(options.producerEpoch ?? (options.producerId === undefined ? -1 : 0), 51);
  header.writeInt32BE(options.baseSequence ?? -1, 53);
  header.writeInt32BE(records.length, 57);
  const batch = Buffer.concat([header, payload]);
  batch.writeUInt32BE(crc32c(batch, 21), 17);
  return batch;
}
