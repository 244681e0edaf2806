// duration and vector through the real cassandra-driver over TCP: types.Duration and types.Vector round trips with
// prepared and unprepared statements (both custom types on the wire before protocol v5), literals, table metadata;
// vector only on release 5.0.
import cassandra from 'cassandra-driver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCqlServer, type CqlServer } from './index';

const { Duration } = cassandra.types;
// types.Vector is exported at runtime (driver 4.10) but missing from its type declarations.
const Vector = (cassandra.types as unknown as { Vector: new (items: unknown[], subtype?: string) => unknown[] }).Vector;
let server: CqlServer;
let client: cassandra.Client;

beforeAll(async () => {
  server = await createCqlServer({ port: 0 });
  client = new cassandra.Client({ contactPoints: [`127.0.0.1:${server.port}`], localDataCenter: 'datacenter1' });
  await client.connect();
  await client.execute("CREATE KEYSPACE app WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}");
  await client.execute('CREATE TABLE app.d (k text PRIMARY KEY, d duration, l list<duration>)');
  await client.execute('CREATE TABLE app.v (k text PRIMARY KEY, f vector<float, 3>, t vector<text, 2>)');
});

afterAll(async () => {
  await client?.shutdown();
  await server?.close();
});

describe('CQL store duration (cassandra-driver)', () => {
  it('round-trips types.Duration prepared and unprepared, and reads literals', async () => {
    const texts = ['1y2mo3w4d5h6m7s8ms9us10ns', '-P1Y2M', 'P0001-02-03T04:05:06', '9223372036854775807ns'];
    let n = 0;
    for (const prepare of [true, false])
      for (const text of texts) {
        const value = Duration.fromString(text);
        const k = `k${++n}`;
        await client.execute('INSERT INTO app.d (k, d, l) VALUES (?, ?, ?)', [k, value, [value]], { prepare });
        const row = (await client.execute('SELECT d, l FROM app.d WHERE k = ?', [k], { prepare })).first();
        expect(row.get('d')).toBeInstanceOf(Duration);
        expect((row.get('d') as InstanceType<typeof Duration>).equals(value), text).toBe(true);
        expect(String(row.get('l')[0])).toBe(String(value));
      }
    await client.execute("INSERT INTO app.d (k, d) VALUES ('x', -2d10h)");
    expect(String((await client.execute("SELECT d FROM app.d WHERE k = 'x'")).first().get('d'))).toBe('-2d10h');
    const table = await client.metadata.getTable('app', 'd');
    expect(table?.columnsByName['d']?.type.code).toBe(cassandra.types.dataTypes.duration);
    await expect(client.execute('CREATE TABLE app.bad (k duration PRIMARY KEY)')).rejects.toThrow(
      "duration type is not supported for PRIMARY KEY column 'k'",
    );
  });

  it('round-trips types.Vector of fixed- and variable-size elements, reads literals, checks the dimension', async () => {
    const f = new Vector([1.5, -2, 3.25], 'float');
    const t = new Vector(['a', 'bcd'], 'text');
    for (const prepare of [true, false]) {
      const k = prepare ? 'p' : 'u';
      await client.execute('INSERT INTO app.v (k, f, t) VALUES (?, ?, ?)', [k, f, t], { prepare });
      const row = (await client.execute('SELECT f, t FROM app.v WHERE k = ?', [k], { prepare })).first();
      expect([...(row.get('f') as unknown[])]).toEqual([1.5, -2, 3.25]);
      expect([...(row.get('t') as unknown[])]).toEqual(['a', 'bcd']);
    }
    await client.execute("INSERT INTO app.v (k, f, t) VALUES ('l', [1.0, 2.0, 3.0], ['x', 'y'])");
    const row = (await client.execute("SELECT f, t FROM app.v WHERE k = 'l'")).first();
    expect([...(row.get('f') as unknown[])]).toEqual([1, 2, 3]);
    await expect(client.execute("INSERT INTO app.v (k, f) VALUES ('x', [1.0, 2.0])")).rejects.toThrow(
      'expected 3 elements, but given 2',
    );
    const cols = await client.execute(
      "SELECT column_name, type FROM system_schema.columns WHERE keyspace_name = 'app' AND table_name = 'v'",
    );
    expect(Object.fromEntries(cols.rows.map((r) => [r.get('column_name'), r.get('type')]))).toEqual({
      k: 'text',
      f: 'vector<float, 3>',
      t: 'vector<text, 2>',
    });
    const json = await client.execute("SELECT toJson(f) AS j FROM app.v WHERE k = 'l'");
    expect(json.first().get('j')).toBe('[1.0, 2.0, 3.0]');
  });

  it('refuses vector on release 4.1 as an unknown type', async () => {
    const old = await createCqlServer({ port: 0, cassandraVersion: '4.1' });
    const c = new cassandra.Client({ contactPoints: [`127.0.0.1:${old.port}`], localDataCenter: 'datacenter1' });
    try {
      await c.execute("CREATE KEYSPACE app WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}");
      await expect(c.execute('CREATE TABLE app.v (k int PRIMARY KEY, f vector<float, 3>)')).rejects.toThrow(
        'Unknown type app.vector',
      );
    } finally {
      await c.shutdown();
      await old.close();
    }
  });
});
