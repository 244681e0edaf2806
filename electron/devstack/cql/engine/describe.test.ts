import { describe, expect, it } from 'vitest';
import { openSession, simpleKeyspace } from './testSupport';

describe('server-side DESCRIBE (cqlsh 6)', () => {
  it('lists keyspaces and tables, and prints CREATE statements that recreate the same schema', async () => {
    const s = await openSession();
    await s.run(simpleKeyspace('shop'));
    await s.run(
      'CREATE TABLE shop."Orders" (tenant text, day date, at timestamp, "Item" text, tags set<text>, ' +
        "PRIMARY KEY ((tenant, day), at)) WITH CLUSTERING ORDER BY (at DESC) AND comment = 'it''s'",
    );
    await s.run('CREATE TABLE shop.users (id uuid PRIMARY KEY, name text)');
    const keyspaces = (await s.run('DESCRIBE KEYSPACES')).rows.map((r) => r.name);
    expect(keyspaces).toEqual(expect.arrayContaining(['shop', 'system', 'system_schema']));
    const tables = (await s.run('desc tables')).rows.filter((r) => r.keyspace_name === 'shop').map((r) => r.name);
    expect(tables.sort()).toEqual(['Orders', 'users']);

    const schema = await s.run('DESCRIBE KEYSPACE shop');
    const statements = schema.rows.map((r) => String(r.create_statement));
    expect(statements[0]).toContain(
      "CREATE KEYSPACE shop WITH replication = {'class': 'org.apache.cassandra.locator.SimpleStrategy'",
    );
    const orders = (await s.run('DESCRIBE TABLE shop."Orders"')).rows[0]?.create_statement as string;
    expect(orders).toContain('PRIMARY KEY ((tenant, day), at)');
    expect(orders).toContain('"Item" text');

    // Replaying the statements on a fresh engine yields the same system_schema rows.
    const copy = await openSession();
    for (const statement of statements) await copy.run(statement);
    const columns = async (x: typeof s) =>
      (await x.run("SELECT * FROM system_schema.columns WHERE keyspace_name = 'shop'")).rows;
    expect(await columns(copy)).toEqual(await columns(s));
    expect((await s.run('DESCRIBE CLUSTER')).rows[0]).toMatchObject({
      partitioner: 'org.apache.cassandra.dht.Murmur3Partitioner',
    });
    expect((await s.failure('DESCRIBE TABLE shop.nope')).code).toBe(0x2200);
  });
});
