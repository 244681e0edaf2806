import cassandra from 'cassandra-driver';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseTypeText } from './catalog';
import { formatCqlType } from './cqlType';
import type { Literal } from './ast';
import { encodeVarint, literalToBytes } from './literalCodec';
import { murmur3Token } from './murmur3';
import { decode, encode } from './testSupport';
import type { CqlType, NativeTypeName } from './types';
import { checkValue } from './valueCheck';
import { compareValues } from './valueCompare';

const { types } = cassandra;
const n = (name: NativeTypeName): CqlType => ({ kind: 'native', name });
const lit = (kind: 'string' | 'number' | 'uuid', text: string): Literal =>
  kind === 'string' ? { kind, value: text } : { kind, text };

// The driver's Murmur3 tokenizer is an independent implementation of Cassandra's partitioner.
const tokenizerModule = (await import('cassandra-driver/lib/tokenizer.js' as string)) as {
  default?: { Murmur3Tokenizer: new () => { hash(b: Buffer): { getValue(): { toString(): string } } } };
  Murmur3Tokenizer?: new () => { hash(b: Buffer): { getValue(): { toString(): string } } };
};
const Murmur3Tokenizer = (tokenizerModule.Murmur3Tokenizer ?? tokenizerModule.default?.Murmur3Tokenizer) as new () => {
  hash(b: Buffer): { getValue(): { toString(): string } };
};

describe('Murmur3 tokens', () => {
  it('match the driver tokenizer for any key bytes (including the signed-tail quirk)', () => {
    const tokenizer = new Murmur3Tokenizer();
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 80 }), (bytes) => {
        const b = Buffer.from(bytes);
        expect(murmur3Token(b).toString()).toBe(tokenizer.hash(b).getValue().toString());
      }),
      { numRuns: 2000 },
    );
  });

  it('matches known Cassandra tokens', () => {
    // int key 1 → -4069959284402364209 (the token cqlsh shows for `SELECT token(k)` with k = 1).
    expect(murmur3Token(encode(1, n('int')))).toBe(-4069959284402364209n);
  });
});

describe('CQL literals', () => {
  const cases: [CqlType, Literal, unknown][] = [
    [n('int'), lit('number', '-123456'), -123456],
    [n('bigint'), lit('number', '-9007199254740993'), types.Long.fromString('-9007199254740993')],
    [n('smallint'), lit('number', '-32768'), -32768],
    [n('tinyint'), lit('number', '127'), 127],
    [
      n('varint'),
      lit('number', '123456789012345678901234567890'),
      types.Integer.fromString('123456789012345678901234567890'),
    ],
    [n('double'), lit('number', '3.25'), 3.25],
    [n('float'), lit('number', '1.5'), 1.5],
    [n('decimal'), lit('number', '-12345.6789'), types.BigDecimal.fromString('-12345.6789')],
    [n('text'), lit('string', 'tëxt ✓'), 'tëxt ✓'],
    [n('ascii'), lit('string', 'plain'), 'plain'],
    [n('timestamp'), lit('string', '2024-02-29T12:34:56.789Z'), new Date('2024-02-29T12:34:56.789Z')],
    [n('timestamp'), lit('string', '2024-02-29 12:34:56+0000'), new Date('2024-02-29T12:34:56Z')],
    [n('date'), lit('string', '2024-02-29'), types.LocalDate.fromString('2024-02-29')],
    [n('time'), lit('string', '23:59:59.123456789'), types.LocalTime.fromString('23:59:59.123456789')],
    [
      n('uuid'),
      lit('uuid', '6ba7b810-9dad-11d1-80b4-00c04fd430c8'),
      types.Uuid.fromString('6ba7b810-9dad-11d1-80b4-00c04fd430c8'),
    ],
    [n('inet'), lit('string', '192.168.1.20'), types.InetAddress.fromString('192.168.1.20')],
    [n('inet'), lit('string', '2001:db8::1'), types.InetAddress.fromString('2001:db8::1')],
    [n('boolean'), { kind: 'boolean', value: false }, false],
    [n('blob'), { kind: 'blob', hex: '00ff10' }, Buffer.from([0, 255, 16])],
  ];

  it.each(cases.map((c, i) => [formatCqlType(c[0]), i] as const))('serialize %s like the driver (#%i)', (_name, i) => {
    const [type, literal, value] = cases[i] as [CqlType, Literal, unknown];
    expect(literalToBytes(type, literal)?.toString('hex')).toBe(encode(value, type).toString('hex'));
  });

  it('serialize collections in stored order: sets sorted and deduplicated, maps sorted by key', () => {
    const set: CqlType = { kind: 'set', element: n('text'), frozen: false };
    const bytes = literalToBytes(set, { kind: 'set', items: ['b', 'a', 'b'].map((s) => lit('string', s)) });
    expect(decode(bytes, set)).toEqual(['a', 'b']);
    const map: CqlType = { kind: 'map', key: n('int'), value: n('text'), frozen: false };
    const m = literalToBytes(map, {
      kind: 'map',
      entries: [
        [lit('number', '2'), lit('string', 'two')],
        [lit('number', '1'), lit('string', 'one')],
      ],
    });
    expect(decode(m, map)).toEqual({ 1: 'one', 2: 'two' });
  });

  it('refuse values that do not fit the column type', () => {
    expect(() => literalToBytes(n('int'), lit('string', 'x'))).toThrow(/Invalid STRING constant/);
    expect(() => literalToBytes(n('int'), lit('number', '2147483648'))).toThrow(/Unable to make int/);
    expect(() => literalToBytes(n('uuid'), lit('string', 'nope'))).toThrow();
  });
});

describe('bound values', () => {
  it('accept what the driver encodes, and normalise sets', () => {
    const list: CqlType = { kind: 'list', element: n('int'), frozen: false };
    const set: CqlType = { kind: 'set', element: n('bigint'), frozen: true };
    fc.assert(
      // The driver sends an empty collection as null, so draw non-empty ones.
      fc.property(
        fc.array(fc.integer(), { minLength: 1 }),
        fc.array(fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }), { minLength: 1 }),
        (ints, longs) => {
          expect(decode(checkValue(list, encode(ints, list)) as Buffer, list)).toEqual(ints);
          const stored = checkValue(
            set,
            encode(
              longs.map((l) => types.Long.fromString(l.toString())),
              set,
            ),
          ) as Buffer;
          const back = (decode(stored, set) as { toString(): string }[]).map((l) => BigInt(l.toString()));
          expect(back).toEqual([...new Set(longs)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
        },
      ),
    );
  });

  it('reject wrong sizes and invalid text with Cassandra-like messages', () => {
    expect(checkValue(n('int'), Buffer.alloc(8))).toBe('Expected 4 or 0 byte int (8)');
    expect(checkValue(n('text'), Buffer.from([0xff, 0xfe]))).toBe('Invalid UTF-8 bytes');
    expect(checkValue(n('timeuuid'), encode(types.Uuid.random(), n('uuid')))).toMatch(/UUID version/);
    expect(checkValue({ kind: 'list', element: n('int'), frozen: false }, Buffer.from([0, 0, 0, 1]))).toMatch(
      /framing/,
    );
  });
});

describe('value ordering', () => {
  const sign = (x: number) => Math.sign(x);
  it('follows numeric order for integers, varints, decimals and doubles', () => {
    fc.assert(
      fc.property(fc.integer(), fc.integer(), (a, b) => {
        expect(sign(compareValues(n('int'), encode(a, n('int')), encode(b, n('int'))))).toBe(sign(a - b));
      }),
    );
    fc.assert(
      fc.property(fc.bigInt(), fc.bigInt(), (a, b) => {
        const c = compareValues(n('varint'), encodeVarint(a), encodeVarint(b));
        expect(sign(c)).toBe(a < b ? -1 : a > b ? 1 : 0);
      }),
    );
    fc.assert(
      fc.property(fc.double({ noNaN: true }), fc.double({ noNaN: true }), (a, b) => {
        expect(sign(compareValues(n('double'), encode(a, n('double')), encode(b, n('double'))))).toBe(
          a < b ? -1 : a > b ? 1 : 0,
        );
      }),
    );
    const dec = (s: string) => literalToBytes(n('decimal'), lit('number', s)) as Buffer;
    expect(compareValues(n('decimal'), dec('1.50'), dec('1.5'))).toBe(0);
    expect(compareValues(n('decimal'), dec('-2'), dec('1.999'))).toBeLessThan(0);
  });

  it('orders timeuuids by time and text by bytes', () => {
    const early = types.TimeUuid.fromDate(new Date('2020-01-01'));
    const late = types.TimeUuid.fromDate(new Date('2024-01-01'));
    expect(compareValues(n('timeuuid'), encode(early, n('timeuuid')), encode(late, n('timeuuid')))).toBeLessThan(0);
    expect(compareValues(n('text'), Buffer.from('a'), Buffer.from('b'))).toBeLessThan(0);
  });
});

describe('type names', () => {
  it('round-trip between CQL text and our types', () => {
    for (const text of [
      'int',
      'text',
      'frozen<list<text>>',
      'map<text, frozen<list<int>>>',
      'set<uuid>',
      'frozen<tuple<int, text>>',
    ])
      expect(formatCqlType(parseTypeText(text))).toBe(text);
    expect(formatCqlType(parseTypeText('varchar'))).toBe('text');
  });
});
