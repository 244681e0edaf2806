// DELETE of clustering ranges through the real cassandra-driver over TCP, with bound markers.
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
  await client.execute('CREATE TABLE app.ev (k text, day int, seq int, v text, PRIMARY KEY (k, day, seq))');
});

afterAll(async () => {
  await client?.shutdown();
  await server?.close();
});

describe('CQL store range deletes (cassandra-driver)', () => {
  it('deletes a slice and a prefix with prepared markers; later writes land', async () => {
    const insert = 'INSERT INTO app.ev (k, day, seq, v) VALUES (?, ?, ?, ?)';
    for (let day = 1; day <= 3; day++)
      for (let seq = 1; seq <= 3; seq++) await client.execute(insert, ['a', day, seq, 'x'], { prepare: true });
    await client.execute('DELETE FROM app.ev WHERE k = ? AND day = ? AND seq > ? AND seq <= ?', ['a', 1, 1, 3], {
      prepare: true,
    });
    await client.execute('DELETE FROM app.ev WHERE k = ? AND day = ?', ['a', 2], { prepare: true });
    await client.execute(insert, ['a', 2, 9, 'later'], { prepare: true });
    const rows = (await client.execute("SELECT day, seq FROM app.ev WHERE k = 'a'")).rows;
    expect(rows.map((r) => `${r.get('day')}/${r.get('seq')}`)).toEqual(['1/1', '2/9', '3/1', '3/2', '3/3']);
  });
});
