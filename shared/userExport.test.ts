import { describe, expect, it } from 'vitest';
import type { UserRow } from './user';
import { CSV_HEADER, csvField, csvRecord, exportChunk, jsonRecord } from './userExport';

const row = (n: number, patch: Partial<UserRow> = {}): UserRow => ({
  id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
  first_name: `First${n}`,
  last_name: `Last${n}`,
  dob: '1990-01-01T00:00:00.000Z',
  gender: 'female',
  address: '1 Road, Town, Country',
  postal_code: '123',
  username: `user${n}`,
  email: `user${n}@example.com`,
  phone: '555',
  registered_date: '2020-01-01T00:00:00.000Z',
  picture: null,
  ...patch,
});

describe('export formats', () => {
  it('CSV: the twelve columns in the header, RFC 4180 quoting, formulas defused, null as empty', () => {
    expect(CSV_HEADER).toBe(
      'id,first_name,last_name,dob,gender,address,postal_code,username,email,phone,registered_date,picture\n',
    );
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a, "b"')).toBe('"a, ""b"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField('cr\rhere')).toBe('"cr\rhere"');
    expect(csvField('=cmd()')).toBe("'=cmd()");
    expect(csvField('-1+2')).toBe("'-1+2");
    expect(csvField(null)).toBe('');
    const line = csvRecord(row(1, { address: 'a, "b"', first_name: '=cmd()' }));
    expect(line.endsWith('\n')).toBe(true);
    expect(line).toContain(`,'=cmd(),`);
    expect(line).toContain(',"a, ""b""",');
    expect(line.split(',').at(-1)).toBe('\n');
  });

  it('JSON Lines: one object per line, keys in column order, parses back to the row', () => {
    const r = row(2, { address: 'multi\nline' });
    const text = exportChunk('jsonl', [r, row(3)]);
    const lines = text.trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    expect(JSON.parse(lines[0]!)).toEqual(r);
    expect(Object.keys(JSON.parse(jsonRecord(r)) as object)[0]).toBe('id');
  });
});
