// The duration type through the real cassandra-driver over TCP: types.Duration round trips with prepared and
// unprepared statements (the custom DurationType option before protocol v5), literals, table metadata.
import cassandra from 'cassandra-driver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCqlServer, type CqlServer } from './index';

const { Duration } = cassandra.types;
let server: CqlServer;
let client: cassandra.Client;

beforeAll(async () => {
  server = await createCqlServer({ port: 0 });
  client = new cassandra.Client({ contactPoints: [`127.0.0.1:${server.port}`], localDataCenter: 'datacenter1' });
  await client.connect();
  await client.execute("CREATE KEYSPACE app WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}");
  await client.execute('CREATE TABLE app.d (k text PRIMARY KEY, d duration, l list<duration>)');
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
});
