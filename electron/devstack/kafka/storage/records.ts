// Reading and rebuilding the records inside a RecordBatch v2, for log compaction only (produce and fetch never decode
// records). Uncompressed and gzip batches are readable; other codecs (snappy, lz4, zstd) need libraries Node lacks,
// so such batches are left as they are.
import { gunzipSync } from 'node:zlib';
import { CONTROL_BIT } from '../protocol/controlBatch';
import { crc32c } from '../protocol/crc32c';
import { BATCH_HEADER_BYTES } from '../protocol/recordBatch';

export { CONTROL_BIT };
/** Batch attribute bit (Kafka's DefaultRecordBatch): the base timestamp is a delete horizon (KIP-534). */
export const DELETE_HORIZON_BIT = 0x40;

/** One record of a batch: where its bytes are and what compaction needs. */
export interface RecordView {
  offsetDelta: number;
  timestamp: number;
  /** Key bytes as a latin1 string (a map key), or null for a keyless record. */
  key: string | null;
  tombstone: boolean;
  /** The record's bytes after its timestamp delta: offsetDelta, key, value, headers (copied as they are). */
  rest: Buffer;
  attributes: number;
}

function varint(buf: Buffer, at: { i: number }): number {
  let result = 0;
  let factor = 1;
  for (;;) {
    const byte = buf[at.i++] as number;
    result += (byte & 0x7f) * factor;
    if (byte < 0x80) break;
    factor *= 128;
  }
  // zig-zag: even = positive, odd = negative
  return result % 2 === 0 ? result / 2 : -(result + 1) / 2;
}

function writeVarint(value: number, out: number[]): void {
  let v = value >= 0 ? value * 2 : -value * 2 - 1;
  while (v >= 0x80) {
    out.push((v % 128) | 0x80);
    v = Math.floor(v / 128);
  }
  out.push(v);
}

/** The records of a batch, or null when they cannot be read here (a codec Node does not have). */
export function readRecords(batch: Buffer): RecordView[] | null {
  const attributes = batch.readInt16BE(21);
  const codec = attributes & 0x07;
  let body: Buffer;
  if (codec === 0) body = batch.subarray(BATCH_HEADER_BYTES);
  else if (codec === 1) body = gunzipSync(batch.subarray(BATCH_HEADER_BYTES));
  else return null;
  const baseTimestamp = Number(batch.readBigInt64BE(27));
  const count = batch.readInt32BE(57);
  const records: RecordView[] = [];
  const at = { i: 0 };
  for (let n = 0; n < count; n++) {
    const length = varint(body, at);
    const end = at.i + length;
    const recordAttributes = body[at.i++] as number;
    const timestampDelta = varint(body, at);
    const restStart = at.i;
    const offsetDelta = varint(body, at);
    const keyLength = varint(body, at);
    const key = keyLength < 0 ? null : body.toString('latin1', at.i, at.i + keyLength);
    at.i += Math.max(0, keyLength);
    const valueLength = varint(body, at);
    records.push({
      offsetDelta,
      timestamp: baseTimestamp + timestampDelta,
      key,
      tombstone: valueLength < 0,
      rest: body.subarray(restStart, end),
      attributes: recordAttributes,
    });
    at.i = end;
  }
  return records;
}

/**
 * A new uncompressed batch from `batch`'s header with only `records`: same base offset, last offset delta (so the
 * offsets of removed records are never reused and a consumer skips the whole batch), producer fields and max
 * timestamp; `deleteHorizon` (KIP-534) becomes the base timestamp when set, record timestamps kept exact.
 */
export function rebuildBatch(batch: Buffer, records: RecordView[], deleteHorizon: number | undefined): Buffer {
  const oldAttributes = batch.readInt16BE(21);
  const baseTimestamp =
    deleteHorizon ?? ((oldAttributes & DELETE_HORIZON_BIT) !== 0 ? Number(batch.readBigInt64BE(27)) : undefined);
  const base = baseTimestamp ?? (records.length > 0 ? Math.min(...records.map((r) => r.timestamp)) : 0);
  const parts: Buffer[] = [];
  for (const record of records) {
    const head: number[] = [record.attributes];
    writeVarint(record.timestamp - base, head);
    const prefix: number[] = [];
    writeVarint(head.length + record.rest.length, prefix);
    parts.push(Buffer.from(prefix), Buffer.from(head), record.rest);
  }
  const body = Buffer.concat(parts);
  const out = Buffer.alloc(BATCH_HEADER_BYTES + body.length);
  batch.copy(out, 0, 0, BATCH_HEADER_BYTES);
  body.copy(out, BATCH_HEADER_BYTES);
  out.writeInt32BE(out.length - 12, 8);
  const horizonBit = baseTimestamp !== undefined ? DELETE_HORIZON_BIT : 0;
  out.writeInt16BE((oldAttributes & ~0x07 & ~DELETE_HORIZON_BIT) | horizonBit, 21);
  out.writeBigInt64BE(BigInt(base), 27);
  out.writeInt32BE(records.length, 57);
  out.writeUInt32BE(crc32c(out, 21, out.length), 17);
  return out;
}
