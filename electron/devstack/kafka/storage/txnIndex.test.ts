// The per-partition transaction index: open transactions hold the last stable offset, markers close them, aborted
// ones are listed for a fetch range, and entries below the log start offset are forgotten.
import { describe, expect, it } from 'vitest';
import { buildControlBatch, ControlType } from '../protocol/controlBatch';
import { buildRecordBatch } from '../testing/buildRecordBatch';
import { TxnIndex } from './txnIndex';

const data = (producerId: number) =>
  buildRecordBatch([{ value: 'v' }], { producerId, producerEpoch: 0, baseSequence: 0, transactional: true });

describe('TxnIndex', () => {
  it('tracks the last stable offset and the aborted transactions, and forgets those below the log start', () => {
    const index = new TxnIndex();
    const feed = (batch: Buffer, offset: number) => index.observe(batch, 0, batch.length, offset);
    feed(buildRecordBatch([{ value: 'plain' }]), 0); // not transactional: ignored
    feed(data(1), 1);
    feed(data(2), 2);
    expect(index.lastStableOffset(3)).toBe(1);
    feed(buildControlBatch(1, 0, ControlType.ABORT, 0), 3);
    expect(index.lastStableOffset(4)).toBe(2);
    feed(buildControlBatch(2, 0, ControlType.COMMIT, 0), 4);
    expect(index.lastStableOffset(5)).toBe(5);
    for (let i = 0; i < 3; i++) {
      feed(data(3), 5 + 2 * i);
      feed(buildControlBatch(3, 0, ControlType.ABORT, 0), 6 + 2 * i);
    }
    expect(index.abortedIn(0, 11).map((t) => [t.producerId, t.firstOffset, t.lastOffset])).toEqual([
      [1, 1, 3],
      [3, 5, 6],
      [3, 7, 8],
      [3, 9, 10],
    ]);
    // Only those whose marker is at or after the fetch offset, and that begin before the end of the range.
    expect(index.abortedIn(7, 9).map((t) => t.firstOffset)).toEqual([7]);
    expect(index.isAborted(3, 7)).toBe(true);
    expect(index.isAborted(2, 2)).toBe(false);
    index.truncateBefore(7);
    expect(index.abortedIn(0, 11).map((t) => t.firstOffset)).toEqual([7, 9]);
  });
});
