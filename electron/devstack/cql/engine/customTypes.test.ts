// Types written as marshal class strings (`'DynamicCompositeType(...)'`), as the DataStax driver's metadata tests
// create them: reported with full class names, `'Int32Type'` as int, a `'ReversedType(...)'` clustering column as its
// inner type in DESC order; values are opaque bytes.
import { describe, expect, it } from 'vitest';
import { openSession, simpleKeyspace } from './testSupport';

describe('CQL engine: custom (class-name) types', () => {
  it('creates, reports and stores them as Cassandra does', async () => {
    const s = await openSession();
    await s.run(simpleKeyspace('ks'));
    await s.run('USE ks');
    await s.run(
      "CREATE TABLE t (id int, c1 'DynamicCompositeType(s => UTF8Type, i => Int32Type)', " +
        "c2 'ReversedType(CompositeType(UTF8Type, Int32Type))', c3 'Int32Type', PRIMARY KEY (id, c1, c2))",
    );
    await s.run("CREATE TYPE u (c 'DynamicCompositeType(s => UTF8Type, i => Int32Type)')");
    const cols = await s.run(
      "SELECT column_name, clustering_order, type FROM system_schema.columns WHERE keyspace_name = 'ks' AND table_name = 't'",
    );
    const m = 'org.apache.cassandra.db.marshal.';
    expect(Object.fromEntries(cols.rows.map((r) => [r.column_name, [r.clustering_order, r.type]]))).toEqual({
      id: ['none', 'int'],
      c1: ['asc', `'${m}DynamicCompositeType(s=>${m}UTF8Type,i=>${m}Int32Type)'`],
      c2: ['desc', `'${m}CompositeType(${m}UTF8Type,${m}Int32Type)'`],
      c3: ['none', 'int'],
    });
    await s.run('INSERT INTO t (id, c1, c2, c3) VALUES (1, 0x01, 0x02, 3)');
    const row = (await s.run('SELECT c1, c2, c3 FROM t WHERE id = 1')).rows[0];
    const hex = (v: unknown) => (v as Buffer).toString('hex');
    expect([hex(row?.c1), hex(row?.c2), row?.c3]).toEqual(['01', '02', 3]);
  });
});
