// vector<T, n> (Cassandra 5.0): elements as the DataStax driver encodes them (fixed-size types back to back,
// variable-size ones after an unsigned vint length), the marshal class on the wire, dimension checks, release 4.1.
import { describe, expect, it } from 'vitest';
import { marshalClass } from './cqlType';
import { openSession, simpleKeyspace } from './testSupport';
import type { CqlType } from './types';
import { readVector } from './vectorValues';

const vector = (element: CqlType, dimension: number) => ({ kind: 'vector', element, dimension }) as const;

describe('CQL engine: vector', () => {
  it('names the marshal class Cassandra sends', () => {
    const m = 'org.apache.cassandra.db.marshal.';
    expect(marshalClass(vector({ kind: 'native', name: 'float' }, 3))).toBe(`${m}VectorType(${m}FloatType, 3)`);
    const list = { kind: 'list', element: { kind: 'native', name: 'int' }, frozen: true } as const;
    expect(marshalClass(vector(list, 2))).toBe(`${m}VectorType(${m}FrozenType(${m}ListType(${m}Int32Type)), 2)`);
  });

  it('stores literals, checks sizes and the dimension', async () => {
    const s = await openSession({ releaseVersion: '5.0' });
    await s.run(simpleKeyspace('ks'));
    await s.run('USE ks');
    await s.run('CREATE TABLE t (k int PRIMARY KEY, f vector<float, 3>, v vector<varint, 2>, l vector<list<int>, 2>)');
    await s.run('INSERT INTO t (k, f, v, l) VALUES (1, [1.0, 2.5, -3.0], [1, 100000], [[1, 2], []])');
    const row = (await s.run('SELECT f, v, l FROM t WHERE k = 1')).rows[0];
    expect([...(row?.f as number[])]).toEqual([1, 2.5, -3]);
    expect([...(row?.v as unknown[])].map(String)).toEqual(['1', '100000']);
    expect([...(row?.l as unknown[])]).toEqual([[1, 2], []]);
    const raw = (await s.run('SELECT v FROM t WHERE k = 1')).result;
    if (raw.kind !== 'rows') throw new Error('rows expected');
    expect(readVector(vector({ kind: 'native', name: 'varint' }, 2), raw.rows[0]?.[0] as Buffer)).toEqual([
      Buffer.from([1]),
      Buffer.from('0186a0', 'hex'),
    ]);
    expect((await s.failure('INSERT INTO t (k, f) VALUES (3, [1.0])')).message).toBe(
      'Invalid vector literal for value of type vector<float, 3>; expected 3 elements, but given 1',
    );
    expect((await s.failure('CREATE TABLE z (k int PRIMARY KEY, f vector<float, 0>)')).message).toBe(
      'vectors may only have positive dimensions; given 0',
    );
    const cols = await s.run("SELECT column_name, type FROM system_schema.columns WHERE keyspace_name = 'ks'");
    expect(cols.rows.find((r) => r.column_name === 'l')?.type).toBe('vector<frozen<list<int>>, 2>');
  });

  it('is an unknown type on release 4.1', async () => {
    const s = await openSession({ releaseVersion: '4.1' });
    await s.run(simpleKeyspace('ks'));
    expect((await s.failure('CREATE TABLE ks.t (k int PRIMARY KEY, f vector<float, 3>)')).message).toBe(
      'Unknown type ks.vector',
    );
    await s.run('CREATE TABLE ks.t (k int PRIMARY KEY)');
    expect((await s.failure('ALTER TABLE ks.t ADD f vector<float, 3>')).message).toBe('Unknown type ks.vector');
    expect((await s.failure('CREATE TYPE ks.u (f vector<float, 3>)')).message).toBe('Unknown type ks.vector');
  });
});
