import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { USER_COLUMNS, USER_TEXT_COLUMNS, type UserRow } from '../../shared/user';
import { encodeUserRow } from './rowEncoding';

const uuidBytes = (id: string) => Buffer.from(id.replace(/-/g, ''), 'hex');

const rowArb = fc.record({
  id: fc.uuid().map((u) => u.toLowerCase()),
  ...Object.fromEntries(USER_TEXT_COLUMNS.map((c) => [c, fc.option(fc.string({ unit: 'grapheme', maxLength: 300 }))])),
}) as fc.Arbitrary<UserRow>;

describe('encodeUserRow', () => {
  it('gives the bytes cassandra-driver would send for every column, nulls kept, whatever the text', () => {
    fc.assert(
      fc.property(fc.array(rowArb, { minLength: 1, maxLength: 40 }), (rows) => {
        // Many rows in a row: earlier rows' views must not be overwritten by later ones (slab reuse).
        const encoded = rows.map(encodeUserRow);
        rows.forEach((row, r) => {
          const { values, key, mutationBytes } = encoded[r]!;
          expect(values).toHaveLength(USER_COLUMNS.length);
          expect(key.equals(uuidBytes(row.id))).toBe(true);
          expect(values[0]!.equals(key)).toBe(true);
          let textBytes = 0;
          USER_TEXT_COLUMNS.forEach((c, i) => {
            const v = values[i + 1];
            const text = row[c];
            if (text === null) expect(v).toBeNull();
            else {
              expect(v!.equals(Buffer.from(text, 'utf8'))).toBe(true);
              textBytes += v!.length;
            }
          });
          expect(mutationBytes).toBeGreaterThanOrEqual(16 + textBytes);
        });
      }),
    );
  });

  it('accepts upper-case hex and refuses what is not a canonical UUID', () => {
    const row = Object.fromEntries(USER_TEXT_COLUMNS.map((c) => [c, 'x'])) as Omit<UserRow, 'id'>;
    const id = 'A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11';
    expect(encodeUserRow({ ...row, id }).key.equals(uuidBytes(id.toLowerCase()))).toBe(true);
    expect(() => encodeUserRow({ ...row, id: 'not-a-uuid' })).toThrow(/not a canonical UUID/);
    expect(() => encodeUserRow({ ...row, id: 'z0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11' })).toThrow(/not a canonical UUID/);
  });

  it('survives rows larger than a slab', () => {
    const big = 'é'.repeat(40_000);
    const row = {
      id: '00000000-0000-4000-8000-000000000000',
      ...Object.fromEntries(USER_TEXT_COLUMNS.map((c) => [c, big])),
    } as UserRow;
    const { values } = encodeUserRow(row);
    expect(values[1]!.toString('utf8')).toBe(big);
    expect(values[11]!.toString('utf8')).toBe(big);
  });
});
