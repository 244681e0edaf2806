import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  decodeRow,
  encodeInsertRow,
  encodeRow,
  isLive,
  liveCells,
  mergeRows,
  type Cell,
  type RowParts,
} from './rowCodec';

// Small domains so timestamp and expiry ties, where reconciliation rules matter most, come up often.
const ts = fc.oneof(fc.bigInt({ min: 0n, max: 5n }), fc.bigInt({ min: 0n, max: 1n << 50n }));
const expiry = fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 10 }));
const cell = fc.record({
  slot: fc.integer({ min: 0, max: 5 }),
  ts,
  expiry,
  ttl: fc.integer({ min: 0, max: 100 }),
  value: fc.option(
    fc.uint8Array({ maxLength: 8 }).map((u) => Buffer.from(u)),
    { nil: null },
  ),
});
const row: fc.Arbitrary<RowParts> = fc.record({
  marker: fc.option(fc.record({ ts, expiry, ttl: fc.integer({ min: 0, max: 100 }) }), { nil: null }),
  deletedAt: fc.option(ts, { nil: null }),
  cells: fc
    .uniqueArray(cell, { selector: (c) => c.slot, maxLength: 5 })
    .map((cs) => cs.sort((a, b) => a.slot - b.slot)),
});

describe('packed rows', () => {
  it('decode to what was encoded', () => {
    fc.assert(
      fc.property(row, (r) => {
        expect(decodeRow(encodeRow(r))).toEqual(r);
      }),
    );
  });

  it('agree on liveness whether read as cells or straight from bytes', () => {
    fc.assert(
      fc.property(row, fc.integer({ min: 0, max: 12 }), (r, now) => {
        const b = encodeRow(r);
        expect(isLive(b, now)).toBe(liveCells(b, 6, now) !== null);
      }),
    );
  });

  it('encode INSERT rows like the general encoder', () => {
    const slots = [0, 2, 3];
    const values = [Buffer.from('a'), null, Buffer.from('xyz')];
    const fast = encodeInsertRow(7n, 100, 30, slots, values);
    const cells: Cell[] = slots.map((slot, i) => {
      const value = values[i] ?? null;
      return { slot, ts: 7n, expiry: value ? 100 : 0, ttl: value ? 30 : 0, value };
    });
    expect(decodeRow(fast)).toEqual(
      decodeRow(encodeRow({ marker: { ts: 7n, expiry: 100, ttl: 30 }, deletedAt: null, cells })),
    );
  });

  it('reconcile in any order to the same row (last write wins, tombstones shadow older data)', () => {
    fc.assert(
      fc.property(row, row, row, (a, b, c) => {
        const [ea, eb, ec] = [encodeRow(a), encodeRow(b), encodeRow(c)];
        const one = mergeRows(mergeRows(ea, eb, null), ec, null);
        const two = mergeRows(mergeRows(ec, ea, null), eb, null);
        expect(decodeRow(one)).toEqual(decodeRow(two));
        // Idempotent: applying the same write again changes nothing.
        expect(decodeRow(mergeRows(one, eb, null))).toEqual(decodeRow(one));
      }),
      { numRuns: 2000 },
    );
  });
});
