import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PartitionIndex } from './partitionIndex';

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
