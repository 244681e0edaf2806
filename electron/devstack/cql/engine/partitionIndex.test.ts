import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Lone, PartitionIndex } from './partitionIndex';

const order = (a: { token: bigint; key: Buffer }, b: { token: bigint; key: Buffer }) =>
  a.token !== b.token ? (a.token < b.token ? -1 : 1) : Buffer.compare(a.key, b.key);

// Tokens that doubles cannot tell apart (2^60 + small deltas) and repeated tokens with different keys exercise the
// exact tie-breaking behind the Float64 mirror.
const token = fc.oneof(
  fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }),
  fc.bigInt({ min: 0n, max: 40n }).map((d) => 2n ** 60n + d),
  fc.constantFrom(-5n, 0n, 7n),
);
const entry = fc.record({ token, key: fc.uint8Array({ minLength: 1, maxLength: 3 }).map((u) => Buffer.from(u)) });

describe('partition index', () => {
  it('keeps partitions unique and in (token, key) order, and finds and scans from any position', () => {
    fc.assert(
      fc.property(fc.array(entry, { maxLength: 600 }), fc.array(entry, { maxLength: 20 }), (entries, probes) => {
        const index = new PartitionIndex();
        for (const e of entries) index.getOrCreate(e.token, e.key);
        const unique = [...new Map(entries.map((e) => [`${e.token}:${e.key.toString('hex')}`, e])).values()].sort(
          order,
        );
        const scanned = [...index.scan(null, null, false)].map((p) => ({ token: p.token, key: p.key }));
        expect(scanned).toEqual(unique);
        expect(index.size).toBe(unique.length);
        for (const e of unique) expect(index.find(e.token, e.key)?.key.equals(e.key)).toBe(true);
        for (const probe of probes) {
          const after = [...index.scan(probe.token, probe.key, true)].map((p) => ({ token: p.token, key: p.key }));
          expect(after).toEqual(unique.filter((u) => order(u, probe) > 0));
          const from = [...index.scan(probe.token, null, false)].map((p) => p.token);
          expect(from).toEqual(unique.filter((u) => u.token >= probe.token).map((u) => u.token));
          if (!unique.some((u) => order(u, probe) === 0)) expect(index.find(probe.token, probe.key)).toBeUndefined();
        }
      }),
      { numRuns: 150 },
    );
  });

  it('keeps a scan consistent while partitions are inserted under it', () => {
    const index = new PartitionIndex();
    for (let i = 0; i < 1000; i++) index.getOrCreate(BigInt(i * 10), Buffer.from([1]));
    const seen: bigint[] = [];
    let n = 0;
    for (const p of index.scan(null, null, false)) {
      seen.push(p.token);
      // Inserts before and after the cursor, forcing chunk splits.
      if (n++ % 3 === 0) index.getOrCreate(p.token + 5n, Buffer.from([1]));
      if (n % 7 === 0) index.getOrCreate(p.token - 3n, Buffer.from([1]));
    }
    expect([...seen].sort((a, b) => (a < b ? -1 : 1))).toEqual(seen);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.length).toBeGreaterThanOrEqual(1000);
  });
});

describe('partition index with lone rows (no object per partition)', () => {
  const op = fc.record({ entry, rich: fc.boolean(), row: fc.uint8Array({ minLength: 1, maxLength: 4 }) });

  it('keeps lone-row and rich partitions unique, in order, with the last row written, across chunk splits', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 700 }), (ops) => {
        const index = new PartitionIndex();
        const model = new Map<string, { token: bigint; key: Buffer; row: Buffer | null; rich: boolean }>();
        for (const { entry: e, rich, row } of ops) {
          const id = `${e.token}:${e.key.toString('hex')}`;
          const known = model.get(id);
          if (rich) {
            // A writer asking for the object (a partition deletion, say) turns a lone row into a RichPartition.
            index.getOrCreate(e.token, e.key);
            model.set(id, { token: e.token, key: e.key, row: known?.row ?? null, rich: true });
            continue;
          }
          const state = index.locateLone(e.token, e.key);
          expect(state).toBe(known === undefined ? Lone.created : known.rich ? Lone.rich : Lone.flat);
          if (state === Lone.rich) {
            index.cursorRich().setOnlyRow(Buffer.from(row), 0, row.length);
          } else {
            if (state === Lone.created) index.setCursorKey(Buffer.from(e.key), 0, e.key.length);
            expect(index.cursorRow()?.toString('hex')).toBe(known?.row?.toString('hex'));
            // Stored at an offset in a larger buffer, as slabs hold them.
            index.setCursorRow(Buffer.concat([Buffer.from([9, 9]), Buffer.from(row)]), 2, row.length);
          }
          model.set(id, { token: e.token, key: e.key, row: Buffer.from(row), rich: known?.rich ?? false });
        }
        const expected = [...model.values()].sort(order);
        const scanned = [...index.scan(null, null, false)];
        expect(scanned.map((p) => ({ token: p.token, key: p.key }))).toEqual(
          expected.map((m) => ({ token: m.token, key: m.key })),
        );
        expect(scanned.map((p) => p.rows.map((r) => r.toString('hex')))).toEqual(
          expected.map((m) => (m.row === null ? [] : [m.row.toString('hex')])),
        );
        expect(index.size).toBe(model.size);
        for (const m of expected) expect(index.find(m.token, m.key)?.key.equals(m.key)).toBe(true);
      }),
      { numRuns: 150 },
    );
  });

  it('lets re-packing move a lone row’s key and row through the partition it was handed', () => {
    const index = new PartitionIndex();
    for (let i = 0; i < 300; i++) {
      index.locateLone(BigInt(i * 7), Buffer.from([i & 0xff]));
      index.setCursorRow(Buffer.from([i & 0xff, 1]), 0, 2);
    }
    for (const p of index.scan(null, null, false)) {
      p.setKey(Buffer.concat([Buffer.from([0]), p.key]), 1, p.key.length);
      const row = p.rows[0] as Buffer;
      p.setOnlyRow(Buffer.concat([Buffer.from([0, 0]), row]), 2, row.length);
    }
    const after = [...index.scan(null, null, false)];
    expect(after.map((p) => p.key[0])).toEqual(Array.from({ length: 300 }, (_, i) => i & 0xff));
    expect(after.every((p, i) => p.rows[0]?.equals(Buffer.from([i & 0xff, 1])))).toBe(true);
  });
});

describe('partition index at size', () => {
  it('keeps order and finds every partition across several blocks of chunks', () => {
    const index = new PartitionIndex();
    const n = 100_000; // ~1,000 chunks: four blocks of 256
    const tokenOf = (i: number) => BigInt.asIntN(64, BigInt(i) * 0x9e3779b97f4a7c15n);
    for (let i = 0; i < n; i++) {
      const key = Buffer.alloc(4);
      key.writeUInt32BE(i);
      index.locateLone(tokenOf(i), key);
      index.setCursorRow(key, 0, 4);
    }
    const tokens = [...index.scan(null, null, false)].map((p) => p.token);
    expect(tokens.length).toBe(n);
    expect(tokens.every((t, i) => i === 0 || (tokens[i - 1] as bigint) < t)).toBe(true);
    for (let i = 0; i < n; i += 997) {
      const key = Buffer.alloc(4);
      key.writeUInt32BE(i);
      expect(index.find(tokenOf(i), key)?.rows[0]?.readUInt32BE(0)).toBe(i);
    }
  });
});
