// TableData over many slabs: keys and packed rows are stored as (slab, offset, length), so a write that moves on to a
// new slab must record the new one. A few MB of distinct rows cross several 1 MiB slabs.
import { describe, expect, it } from 'vitest';
import { buildTable } from './catalog';
import { murmur3Token } from './murmur3';
import { encodeInsertRow } from './rowCodec';
import { TableData } from './tableData';

const table = (clustering: boolean) =>
  buildTable('ks', 't', '00000000-0000-4000-8000-000000000001', [
    { name: 'id', type: { kind: 'native', name: 'int' }, kind: 'partition_key', position: 0, order: 'none' },
    ...(clustering
      ? [
          {
            name: 'c',
            type: { kind: 'native', name: 'int' } as const,
            kind: 'clustering' as const,
            position: 0,
            order: 'asc' as const,
          },
        ]
      : []),
    { name: 'v', type: { kind: 'native', name: 'text' }, kind: 'regular', position: -1, order: 'none' },
  ]);

const key = (i: number) => Buffer.from([i >> 24, (i >> 16) & 255, (i >> 8) & 255, i & 255]);
const value = (i: number, round: number) =>
  Buffer.from(`${round}:${i}:`.padEnd(700 + (i % 13), String.fromCharCode(97 + (i % 26))));
const row = (i: number, round: number) => encodeInsertRow(BigInt(round + 1), 0, 0, [0], [value(i, round)], true);

describe('table data', () => {
  it.each([false, true])(
    'keeps every key and row intact across slabs and overwrites (clustering: %s)',
    (clustering) => {
      const data = new TableData(table(clustering));
      const n = 6000;
      const ck = clustering ? Buffer.from([0, 4, 0, 0, 0, 1]) : Buffer.alloc(0);
      for (const round of [0, 1])
        for (let i = 0; i < n; i += round + 1) data.applyRow(murmur3Token(key(i)), key(i), ck, row(i, round));
      let seen = 0;
      for (const p of data.partitions.scan(null, null, false)) {
        const i = p.key.readInt32BE(0);
        const want = encodeInsertRow(BigInt((i % 2 === 0 ? 1 : 0) + 1), 0, 0, [0], [value(i, i % 2 === 0 ? 1 : 0)]);
        expect(p.rows).toHaveLength(1);
        expect((p.rows[0] as Buffer).equals(want)).toBe(true);
        // A lone row's partition is handed out as a fresh view each time: the same bytes, not the same object.
        const found = data.partitions.find(p.token, key(i));
        expect(found?.key.equals(p.key)).toBe(true);
        expect(found?.rows[0]?.equals(want)).toBe(true);
        seen++;
      }
      expect(seen).toBe(n);
      data.repack();
      expect(
        [...data.partitions.scan(null, null, false)].map((p) => p.key.readInt32BE(0)).sort((a, b) => a - b),
      ).toEqual(Array.from({ length: n }, (_, i) => i));
    },
  );
});
