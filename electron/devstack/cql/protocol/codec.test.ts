// Unit tests of the frame splitter and the message codecs that the driver tests do not reach (names in BATCH,
// byte-by-byte delivery, type options, SASL PLAIN).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeSaslPlain } from '../saslPlain';
import { frame, longString, shortString } from '../testing/rawCqlClient';
import { BodyReader, CqlDecodeError } from './bodyReader';
import { decompressLz4, decompressSnappy } from './compression';
import { FrameSplitter } from './frameSplitter';
import { FrameWriter } from './frameWriter';
import { readBatch, readQuery } from './requests';
import { encodePrepared } from './responses';
import { writeTypeOption } from './typeOption';

const int = (n: number) => {
  const b = Buffer.alloc(4);
  b.writeInt32BE(n);
  return b;
};
const short = (n: number) => Buffer.from([n >> 8, n & 0xff]);
const value = (b: Buffer | null | 'unset') =>
  b === null ? int(-1) : b === 'unset' ? int(-2) : Buffer.concat([int(b.length), b]);

describe('FrameSplitter', () => {
  it('yields the same frames however the bytes are chunked', () => {
    fc.assert(
      fc.property(
        fc.array(fc.uint8Array({ maxLength: 50 }), { minLength: 1, maxLength: 8 }),
        fc.array(fc.integer({ min: 1, max: 17 }), { minLength: 1, maxLength: 20 }),
        (bodies, cuts) => {
          const wire = Buffer.concat(bodies.map((b, i) => frame(4, i, 0x07, Buffer.from(b))));
          const splitter = new FrameSplitter(1024);
          const got: Buffer[] = [];
          let pos = 0;
          let c = 0;
          while (pos < wire.length) {
            const n = cuts[c++ % cuts.length] as number;
            for (const f of splitter.push(wire.subarray(pos, pos + n)).frames) got.push(f.buf.subarray(f.bodyStart));
            pos += n;
          }
          expect(got.map((b) => b.toString('hex'))).toEqual(bodies.map((b) => Buffer.from(b).toString('hex')));
        },
      ),
    );
  });

  it('reports a frame over the limit with its stream id', () => {
    const header = frame(4, 77, 0x07);
    header.writeInt32BE(2048, 5);
    expect(new FrameSplitter(1024).push(header).oversized).toEqual({ version: 4, stream: 77, length: 2048 });
  });
});

describe('request decoding', () => {
  it('reads QUERY parameters: named values, unset, page size, paging state, serial consistency, timestamp', () => {
    const body = Buffer.concat([
      longString('SELECT * FROM t WHERE a = :a'),
      short(0x000a),
      Buffer.from([0x01 | 0x04 | 0x08 | 0x10 | 0x20 | 0x40]),
      short(2),
      shortString('a'),
      value(Buffer.from([1])),
      shortString('b'),
      value('unset'),
      int(100),
      value(Buffer.from('state')),
      short(0x0009),
      Buffer.from([0, 0, 0, 0, 0, 0, 0x30, 0x39]),
    ]);
    const q = readQuery(new BodyReader(body), 4);
    expect(q.query).toBe('SELECT * FROM t WHERE a = :a');
    expect(q.params.consistency).toBe(0x000a);
    expect(q.params.values).toEqual(
      new Map<string, unknown>([
        ['a', Buffer.from([1])],
        ['b', 'unset'],
      ]),
    );
    expect(q.params.pageSize).toBe(100);
    expect(q.params.pagingState?.toString()).toBe('state');
    expect(q.params.serialConsistency).toBe(9);
    expect(q.params.defaultTimestamp).toBe(12345n);
  });

  it('reads BATCH with plain and prepared statements, with and without the names flag', () => {
    const statements = (named: boolean) =>
      Buffer.concat([
        Buffer.from([1]),
        short(2),
        Buffer.from([0]),
        longString('INSERT INTO t (a) VALUES (:a)'),
        short(1),
        named ? shortString('a') : Buffer.alloc(0),
        value(Buffer.from([7])),
        Buffer.from([1]),
        short(2),
        Buffer.from([0xab, 0xcd]),
        short(1),
        named ? shortString('x') : Buffer.alloc(0),
        value(null),
        short(1),
        Buffer.from([named ? 0x60 : 0x20]),
        Buffer.from([0, 0, 0, 0, 0, 0, 0, 5]),
      ]);
    const plain = readBatch(new BodyReader(statements(false)), 4);
    expect(plain.type).toBe('unlogged');
    expect(plain.defaultTimestamp).toBe(5n);
    expect(plain.statements).toEqual([
      { query: 'INSERT INTO t (a) VALUES (:a)', values: [Buffer.from([7])] },
      { preparedId: Buffer.from([0xab, 0xcd]), values: [null] },
    ]);
    const named = readBatch(new BodyReader(statements(true)), 4);
    expect(named.statements).toEqual([
      { query: 'INSERT INTO t (a) VALUES (:a)', values: new Map([['a', Buffer.from([7])]]) },
      { preparedId: Buffer.from([0xab, 0xcd]), values: new Map([['x', null]]) },
    ]);
  });
});

describe('response encoding', () => {
  it('writes duration as a custom type before v5 and collections recursively', () => {
    const w = new FrameWriter();
    writeTypeOption(w, { kind: 'native', name: 'duration' }, 4);
    writeTypeOption(
      w,
      {
        kind: 'map',
        key: { kind: 'native', name: 'text' },
        value: { kind: 'list', element: { kind: 'native', name: 'int' }, frozen: true },
        frozen: false,
      },
      4,
    );
    const body = w.finish(4, 0, 8).subarray(9);
    const r = new BodyReader(body);
    expect(r.short()).toBe(0);
    expect(r.string()).toBe('org.apache.cassandra.db.marshal.DurationType');
    expect([r.short(), r.short(), r.short(), r.short()]).toEqual([0x21, 0x0d, 0x20, 0x09]);
  });

  it('writes prepared metadata with partition key indexes in v4 only', () => {
    const spec = { keyspace: 'ks', table: 't', name: 'a', type: { kind: 'native', name: 'int' } as const };
    const info = { id: Buffer.from([1, 2]), bindMarkers: [spec], partitionKeyIndexes: [0], resultColumns: null };
    const v4 = new BodyReader(encodePrepared(4, 1, info), 9);
    expect([v4.int(), v4.shortBytes().length, v4.int(), v4.int(), v4.int(), v4.short()]).toEqual([4, 2, 1, 1, 1, 0]);
    const v3 = new BodyReader(encodePrepared(3, 1, info), 9);
    expect([v3.int(), v3.shortBytes().length, v3.int(), v3.int(), v3.string(), v3.string()]).toEqual([
      4,
      2,
      1,
      1,
      'ks',
      't',
    ]);
  });
});

describe('SASL PLAIN', () => {
  it('reads username and password with and without an authorization id', () => {
    expect(decodeSaslPlain(Buffer.from('\0dev\0pw'))).toEqual({ username: 'dev', password: 'pw' });
    expect(decodeSaslPlain(Buffer.from('admin\0dev\0pw'))).toEqual({ username: 'dev', password: 'pw' });
    expect(decodeSaslPlain(Buffer.from('nonul'))).toBeNull();
    expect(decodeSaslPlain(Buffer.from('\0'))).toBeNull();
  });
});

describe('request decompression', () => {
  // Vectors made with python-lz4 (block, Cassandra's big-endian size prefix) and python-snappy.
  const text = `SELECT * FROM system.local WHERE key='local' -- ${'abcabcabcabcabcabcabcabc'.repeat(20)}${'xyz'.repeat(30)}`;
  const lz4 =
    '0000026af11753454c454354202a2046524f4d2073797374656d2e6c6f63616c205748455245206b65793d2711008f27202d2d206162630300ffcb3f78797a03003f50797a78797a';
  const snappy =
    'ea049853454c454354202a2046524f4d2073797374656d2e6c6f63616c205748455245206b65793d276c01111c27202d2d20616263fe0300fe0300fe0300fe0300fe0300fe0300fe03007203000878797afe03005a0300';

  it('decodes lz4 and snappy bodies', () => {
    expect(decompressLz4(Buffer.from(lz4, 'hex'), 1 << 20).toString()).toBe(text);
    expect(decompressSnappy(Buffer.from(snappy, 'hex'), 1 << 20).toString()).toBe(text);
  });

  it('rejects truncated, oversized and corrupted input with CqlDecodeError only', () => {
    expect(() => decompressLz4(Buffer.from(lz4, 'hex'), 100)).toThrow(CqlDecodeError);
    expect(() => decompressSnappy(Buffer.from(snappy, 'hex'), 100)).toThrow(CqlDecodeError);
    fc.assert(
      fc.property(
        fc.constantFrom(lz4, snappy),
        fc.nat(),
        fc.integer({ min: 0, max: 255 }),
        fc.nat(),
        (hex, at, byte, cut) => {
          const input = Buffer.from(hex, 'hex');
          input[at % input.length] = byte;
          const truncated = input.subarray(0, cut % (input.length + 1));
          const run = hex === lz4 ? decompressLz4 : decompressSnappy;
          try {
            run(truncated, 1 << 20);
          } catch (error) {
            expect(error).toBeInstanceOf(CqlDecodeError);
          }
        },
      ),
    );
  });
});
