import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createPartitionWatermark, createWatermarkBook } from './commitWatermark';

describe('partition watermark', () => {
  it('never commits past an unacknowledged offset, whatever the ack order', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 120 }),
        fc.integer({ min: 0, max: 1e9 }),
        fc.array(fc.nat()),
        (n, start, seeds) => {
          const w = createPartitionWatermark('t', 0);
          const offsets = Array.from({ length: n }, (_, i) => start + i * 2); // gaps, like compacted topics
          for (const o of offsets) w.begin(o);
          const order = [...offsets];
          seeds.forEach((s, i) => {
            const j = s % order.length;
            [order[i % order.length], order[j]] = [order[j]!, order[i % order.length]!];
          });
          const acked = new Set<number>();
          for (const o of order) {
            w.ack(o);
            acked.add(o);
            const c = w.committable()!;
            // Everything below the committable offset is acknowledged; the committable offset itself is not (or is the end).
            for (const x of offsets) if (x < c) expect(acked.has(x)).toBe(true);
            if (c <= offsets[offsets.length - 1]!) expect(acked.has(c)).toBe(false);
          }
          expect(w.committable()).toBe(offsets[offsets.length - 1]! + 1);
          expect(w.pending()).toBe(0);
        },
      ),
    );
  });

  it('starts at null and refuses offsets that go backwards', () => {
    const w = createPartitionWatermark('t', 1);
    expect(w.committable()).toBeNull();
    w.begin(5);
    expect(w.committable()).toBe(5);
    expect(() => w.begin(5)).toThrow(/began after 5/);
  });

  it('keeps its memory to the in-flight window over a long run', () => {
    const w = createPartitionWatermark('t', 0);
    for (let i = 0; i < 100_000; i++) {
      w.begin(i);
      if (i >= 10) w.ack(i - 10);
    }
    expect(w.pending()).toBe(10);
    expect(w.committable()).toBe(99_990);
  });
});

describe('watermark book', () => {
  it('lists only partitions whose watermark moved since the last commit', () => {
    const book = createWatermarkBook();
    const a = book.get('t', 0);
    a.begin(0);
    a.ack(0);
    book.get('t', 1).begin(7);
    expect(book.due().map((d) => [d.watermark.partition, d.offset])).toEqual([
      [0, 1],
      [1, 7],
    ]);
    a.markCommitted(1);
    expect(book.due().map((d) => d.watermark.partition)).toEqual([1]);
  });

  it('retires watermarks on reassignment so late acks move nothing', () => {
    const book = createWatermarkBook();
    const old = book.get('t', 0);
    old.begin(3);
    book.retireAll();
    expect(old.retired).toBe(true);
    expect(book.get('t', 0)).not.toBe(old);
    expect(book.due()).toEqual([]);
  });
});
