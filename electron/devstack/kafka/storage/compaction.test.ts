// Compaction at the batch level: gzip batches are read and rebuilt, the newest value per key survives, batch offsets
// (base and last) are kept, and a tombstone gets a delete horizon before it goes.
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { crc32c } from '../protocol/crc32c';
import { inspectBatch, isBatchProblem } from '../protocol/recordBatch';
import { buildRecordBatch, type TestRecord } from '../testing/buildRecordBatch';
import { buildControlBatch, ControlType } from '../protocol/controlBatch';
import { buildOffsetMap, cleanBatch } from './compaction';
import { TxnIndex } from './txnIndex';
import { DELETE_HORIZON_BIT, readRecords } from './records';

/** A batch at `base`, gzip-compressed when asked (the records section compressed, attributes codec 1, CRC redone). */
function batchAt(base: number, records: TestRecord[], gzip = false): Buffer {
  let batch = buildRecordBatch(records);
  if (gzip) {
    const body = gzipSync(batch.subarray(61));
    const out = Buffer.concat([batch.subarray(0, 61), body]);
    out.writeInt32BE(out.length - 12, 8);
    out.writeInt16BE(out.readInt16BE(21) | 1, 21);
    out.writeUInt32BE(crc32c(out, 21, out.length), 17);
    batch = out;
  }
  batch.writeBigInt64BE(BigInt(base), 0);
  return batch;
}

describe('compaction of batches', () => {
  it('keeps the newest record per key across plain and gzip batches, with the batch offsets unchanged', () => {
    const first = batchAt(
      0,
      [
        { key: 'a', value: 'a0' },
        { key: 'b', value: 'b0' },
        { key: 'c', value: 'c0' },
      ],
      true,
    );
    const second = batchAt(3, [
      { key: 'a', value: 'a1' },
      { key: 'c', value: null },
    ]);
    const third = batchAt(5, [{ key: 'a', value: 'a2' }], true);
    const map = buildOffsetMap([first, second, third]);
    expect([...map]).toEqual([
      ['a', 5],
      ['b', 1],
      ['c', 4],
    ]);
    const now = 1_000_000;
    const cleanedFirst = cleanBatch(first, map, now, 500) as Buffer;
    const info = inspectBatch(cleanedFirst, 0);
    if (isBatchProblem(info)) throw new Error(info.message);
    expect(info.lastOffsetDelta).toBe(2);
    expect(info.attributes & 0x07).toBe(0);
    expect(readRecords(cleanedFirst)?.map((r) => [r.key, r.offsetDelta])).toEqual([['b', 1]]);

    const cleanedSecond = cleanBatch(second, map, now, 500) as Buffer;
    expect(cleanedSecond.readInt16BE(21) & DELETE_HORIZON_BIT).toBe(DELETE_HORIZON_BIT);
    expect(Number(cleanedSecond.readBigInt64BE(27))).toBe(now + 500);
    const kept = readRecords(cleanedSecond);
    expect(kept?.map((r) => [r.key, r.offsetDelta, r.tombstone])).toEqual([['c', 1, true]]);
    // Record timestamps survive the new base timestamp.
    expect(kept?.[0]?.timestamp).toBe(readRecords(second)?.[1]?.timestamp);
    // Before the horizon the tombstone stays; after it, the batch is empty and goes.
    expect(cleanBatch(cleanedSecond, map, now + 499, 500)).toBe(cleanedSecond);
    expect(cleanBatch(cleanedSecond, map, now + 501, 500)).toBeNull();
    expect(cleanBatch(third, map, now, 500)).toBe(third);
  });

  it('drops aborted transactional data, keeps markers, and leaves everything from the last stable offset alone', () => {
    const txnBatch = (base: number, producerId: number, records: TestRecord[]): Buffer => {
      const batch = buildRecordBatch(records, { producerId, producerEpoch: 0, baseSequence: 0, transactional: true });
      batch.writeBigInt64BE(BigInt(base), 0);
      return batch;
    };
    const marker = (base: number, producerId: number, type: number): Buffer => {
      const batch = buildControlBatch(producerId, 0, type, 1);
      batch.writeBigInt64BE(BigInt(base), 0);
      return batch;
    };
    const log = [
      batchAt(0, [{ key: 'k', value: 'committed' }]),
      txnBatch(1, 7, [{ key: 'k', value: 'aborted' }]),
      marker(2, 7, ControlType.ABORT),
      txnBatch(3, 8, [{ key: 'k', value: 'open' }]), // no marker yet: the last stable offset is 3
    ];
    const txns = new TxnIndex();
    for (const batch of log) txns.observe(batch, 0, batch.length, Number(batch.readBigInt64BE(0)));
    expect(txns.lastStableOffset(4)).toBe(3);
    expect(txns.abortedIn(0, 3)).toEqual([{ producerId: 7, firstOffset: 1, lastOffset: 2 }]);
    const view = { lastStableOffset: 3, isAborted: (pid: number, offset: number) => txns.isAborted(pid, offset) };
    const map = buildOffsetMap(log, view);
    // Neither the aborted value nor the open transaction's makes the committed one obsolete.
    expect([...map]).toEqual([['k', 0]]);
    expect(log.map((b) => cleanBatch(b, map, 0, 1000, view))).toEqual([log[0], null, log[2], log[3]]);
  });
});
