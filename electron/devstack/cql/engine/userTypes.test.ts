// User-defined types through the CqlEngine interface: CREATE / ALTER / DROP TYPE, frozen and non-frozen columns,
// literals, field updates and field selection, system_schema.types, and the schema kept across a restart.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openSession, simpleKeyspace } from './testSupport';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('CQL engine: user-defined types', () => {
  it('stores, updates and selects UDT values, follows ALTER TYPE, and keeps it all across a restart', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cql-udt-'));
    dirs.push(dir);
    let s = await openSession({ dataDir: dir });
    await s.run(simpleKeyspace('ks'));
    await s.run('USE ks');
    await s.run('CREATE TYPE addr (street text, city text, zip int)');
    await s.run('CREATE TYPE person (name text, home frozen<addr>)');
    await s.run('CREATE TABLE u (id int PRIMARY KEY, a addr, f frozen<addr>, p frozen<person>, l list<frozen<addr>>)');
    await s.run(
      "INSERT INTO u (id, a, f, p, l) VALUES (1, {street: 'Main', city: 'Oslo'}, {city: 'Rome', zip: 1}, " +
        "{name: 'Ann', home: {city: 'Bern'}}, [{zip: 2}])",
    );
    await s.run("UPDATE u SET a.city = 'Paris', a.zip = ? WHERE id = 1", [75]);
    const row = (await s.run('SELECT a, f, p, l, a.city, p.home.city AS hc FROM u WHERE id = 1')).rows[0];
    expect(row?.a).toEqual({ street: 'Main', city: 'Paris', zip: 75 });
    expect(row?.f).toEqual({ street: null, city: 'Rome', zip: 1 });
    expect(row?.p).toEqual({ name: 'Ann', home: { street: null, city: 'Bern', zip: null } });
    expect(row?.l).toEqual([{ street: null, city: null, zip: 2 }]);
    expect([row?.['a.city'], row?.hc]).toEqual(['Paris', 'Bern']);
    await s.run('INSERT INTO u (id, a) VALUES (2, ?)', [{ street: 'x', city: 'y', zip: 3 }]);
    expect((await s.run('SELECT a FROM u WHERE id = 2')).rows[0]?.a).toEqual({ street: 'x', city: 'y', zip: 3 });

    await s.run('DELETE a.street FROM u WHERE id = 2');
    expect((await s.run('SELECT a FROM u WHERE id = 2')).rows[0]?.a).toEqual({ street: null, city: 'y', zip: 3 });
    await s.run('ALTER TYPE addr ADD country text');
    await s.run('ALTER TYPE addr RENAME zip TO postcode');
    await s.run("UPDATE u SET a.country = 'FR' WHERE id = 1");
    expect((await s.run('SELECT a FROM u WHERE id = 1')).rows[0]?.a).toEqual({
      street: 'Main',
      city: 'Paris',
      postcode: 75,
      country: 'FR',
    });
    const types = await s.run("SELECT * FROM system_schema.types WHERE keyspace_name = 'ks'");
    expect(types.rows.map((r) => [r.type_name, r.field_names, r.field_types])).toEqual([
      ['addr', ['street', 'city', 'postcode', 'country'], ['text', 'text', 'int', 'text']],
      ['person', ['name', 'home'], ['text', 'frozen<addr>']],
    ]);
    const cols = await s.run("SELECT column_name, type FROM system_schema.columns WHERE keyspace_name = 'ks'");
    expect(Object.fromEntries(cols.rows.map((r) => [r.column_name, r.type]))).toMatchObject({
      a: 'addr',
      f: 'frozen<addr>',
      l: 'list<frozen<addr>>',
    });
    const described = await s.run('DESCRIBE KEYSPACE ks');
    expect(described.rows.map((r) => [r.type, r.name])).toEqual([
      ['keyspace', 'ks'],
      ['type', 'addr'],
      ['type', 'person'],
      ['table', 'u'],
    ]);
    expect((await s.run('DESCRIBE TYPE addr')).rows[0]?.create_statement).toBe(
      'CREATE TYPE ks.addr (\n    street text,\n    city text,\n    postcode int,\n    country text\n);',
    );
    await s.engine.close();

    s = await openSession({ dataDir: dir });
    await s.run('USE ks');
    expect((await s.run('SELECT p.home.city AS c, a.country AS k FROM u WHERE id = 1')).rows[0]).toEqual({
      c: 'Bern',
      k: 'FR',
    });
    await s.engine.close();
  });

  it('refuses what Cassandra refuses', async () => {
    const s = await openSession();
    await s.run(simpleKeyspace('ks'));
    await s.run('USE ks');
    await s.run('CREATE TYPE t1 (a int)');
    await s.run('CREATE TABLE x (id int PRIMARY KEY, v frozen<t1>)');
    const fail = async (q: string) => (await s.failure(q)).message;
    expect(await fail('DROP TYPE t1')).toBe("Cannot drop user type 'ks.t1' as it is still used by tables x");
    expect(await fail('CREATE TABLE y (id int PRIMARY KEY, v nope)')).toBe('Unknown type ks.nope');
    expect(await fail('UPDATE x SET v.a = 1 WHERE id = 1')).toBe('Invalid operation (v.a = ?) for frozen UDT column v');
    expect(await fail('INSERT INTO x (id, v) VALUES (1, {b: 1})')).toContain("Unknown field 'b'");
    expect(await fail('ALTER TYPE t1 ADD a text')).toBe(
      'Cannot add new field a to type ks.t1: a field with name a already exists',
    );
    expect(await fail('SELECT v.z FROM x')).toBe('t1 has no field z');
    await s.run('CREATE TABLE keyed (id frozen<t1> PRIMARY KEY)');
    expect(await fail('ALTER TYPE t1 ADD b int')).toBe(
      'Cannot add new field to type ks.t1 because it is used in the partition key column id of table ks.keyed',
    );
    await s.run('DROP TABLE keyed');
    await s.run('CREATE TYPE "Quo""ted" ("A" int)');
    await s.run('CREATE TABLE q (id int PRIMARY KEY, v frozen<"Quo""ted">)');
    await s.run('INSERT INTO q (id, v) VALUES (1, {"A": 5})');
    expect((await s.run('SELECT v FROM q')).rows[0]?.v).toEqual({ A: 5 });
    const qcols = await s.run("SELECT type FROM system_schema.columns WHERE keyspace_name = 'ks' AND table_name = 'q'");
    expect(qcols.rows.map((r) => r.type)).toContain('frozen<"Quo""ted">');
    await s.run('DROP TABLE x');
    await s.run('DROP TYPE t1');
    await s.run('DROP TYPE IF EXISTS t1');
    const left = await s.run("SELECT type_name FROM system_schema.types WHERE keyspace_name = 'ks'");
    expect(left.rows.map((r) => r.type_name)).toEqual(['Quo"ted']);
  });
});
