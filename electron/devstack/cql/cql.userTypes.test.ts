// User-defined types through the real cassandra-driver over TCP: the UDT option in result and bind metadata (the
// driver decodes and encodes plain objects), the driver's UDT and table metadata, field updates and selection.
import cassandra from 'cassandra-driver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCqlServer, type CqlServer } from './index';

let server: CqlServer;
let client: cassandra.Client;

beforeAll(async () => {
  server = await createCqlServer({ port: 0 });
  client = new cassandra.Client({ contactPoints: [`127.0.0.1:${server.port}`], localDataCenter: 'datacenter1' });
  await client.connect();
  await client.execute("CREATE KEYSPACE app WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}");
  await client.execute('CREATE TYPE app.addr (street text, city text, zip int)');
  await client.execute(
    'CREATE TABLE app.p (id int PRIMARY KEY, home addr, work frozen<addr>, past list<frozen<addr>>)',
  );
});

afterAll(async () => {
  await client?.shutdown();
  await server?.close();
});

describe('CQL store user-defined types (cassandra-driver)', () => {
  it('round-trips objects through prepared statements and literals, with field updates and selection', async () => {
    const home = { street: 'Main', city: 'Oslo', zip: 150 };
    await client.execute(
      'INSERT INTO app.p (id, home, work, past) VALUES (?, ?, ?, ?)',
      [1, home, { city: 'Rome' }, [home]],
      {
        prepare: true,
      },
    );
    await client.execute("INSERT INTO app.p (id, work) VALUES (2, {street: 'Side', zip: 7})");
    await client.execute('UPDATE app.p SET home.city = ? WHERE id = ?', ['Bergen', 1], { prepare: true });
    const row = (await client.execute('SELECT * FROM app.p WHERE id = ?', [1], { prepare: true })).first();
    expect(row.get('home')).toEqual({ street: 'Main', city: 'Bergen', zip: 150 });
    expect(row.get('work')).toEqual({ street: null, city: 'Rome', zip: null });
    expect(row.get('past')).toEqual([home]);
    const two = (await client.execute('SELECT work FROM app.p WHERE id = 2')).first();
    expect(two.get('work')).toEqual({ street: 'Side', city: null, zip: 7 });
    const field = await client.execute('SELECT home.city, work.zip FROM app.p WHERE id = ?', [1], { prepare: true });
    expect(field.columns.map((c) => c.name)).toEqual(['home.city', 'work.zip']);
    expect(field.first().get('home.city')).toBe('Bergen');

    const udt = await client.metadata.getUdt('app', 'addr');
    expect(udt?.fields.map((f) => f.name)).toEqual(['street', 'city', 'zip']);
    const table = await client.metadata.getTable('app', 'p');
    expect(table?.columnsByName.home?.type.code).toBe(cassandra.types.dataTypes.udt);
  });
});
