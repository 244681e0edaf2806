// ALTER TABLE through the real cassandra-driver over TCP: the driver's table metadata follows every change (schema
// change events), statements prepared before the ALTER are prepared again and see the new columns.
import cassandra from 'cassandra-driver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCqlServer, type CqlServer } from './index';

let server: CqlServer;
let client: cassandra.Client;
let watcher: cassandra.Client;

const connect = async () => {
  const c = new cassandra.Client({
    contactPoints: [`127.0.0.1:${server.port}`],
    localDataCenter: 'datacenter1',
    // Events are debounced by this much (1 s by default) before the driver refreshes its metadata.
    refreshSchemaDelay: 50,
  });
  await c.connect();
  return c;
};

beforeAll(async () => {
  server = await createCqlServer({ port: 0 });
  client = await connect();
  watcher = await connect();
  await client.execute("CREATE KEYSPACE app WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}");
  await client.execute('CREATE TABLE app.t (k int PRIMARY KEY, a text)');
});

afterAll(async () => {
  await client?.shutdown();
  await watcher?.shutdown();
  await server?.close();
});

async function columnsSeenBy(c: cassandra.Client): Promise<string[]> {
  return ((await c.metadata.getTable('app', 't'))?.columns ?? []).map((x) => x.name).sort();
}

async function until<T>(f: () => Promise<T>, ok: (v: T) => boolean): Promise<T> {
  for (let i = 0; ; i++) {
    const v = await f();
    if (ok(v) || i === 100) return v;
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('CQL store ALTER TABLE (cassandra-driver)', () => {
  it('refreshes driver metadata and re-prepares statements across ADD, DROP and WITH', async () => {
    await client.execute("INSERT INTO app.t (k, a) VALUES (1, 'x')");
    const select = 'SELECT * FROM app.t WHERE k = ?';
    expect((await client.execute(select, [1], { prepare: true })).columns.map((c) => c.name)).toEqual(['k', 'a']);
    expect(
      await until(
        () => columnsSeenBy(watcher),
        (v) => v.length === 2,
      ),
    ).toEqual(['a', 'k']);

    await client.execute('ALTER TABLE app.t ADD (b int, tags set<text>)');
    await client.execute('UPDATE app.t SET b = ?, tags = ? WHERE k = ?', [7, ['t'], 1], { prepare: true });
    const after = await client.execute(select, [1], { prepare: true });
    expect(after.columns.map((c) => c.name)).toEqual(['k', 'a', 'b', 'tags']);
    expect(after.first().get('tags')).toEqual(['t']);
    expect(await columnsSeenBy(client)).toEqual(['a', 'b', 'k', 'tags']);
    // Another client learns it from the SCHEMA_CHANGE event alone.
    expect(
      await until(
        () => columnsSeenBy(watcher),
        (v) => v.length === 4,
      ),
    ).toEqual(['a', 'b', 'k', 'tags']);

    await client.execute('ALTER TABLE app.t DROP a');
    const dropped = await client.execute(select, [1], { prepare: true });
    expect(dropped.columns.map((c) => c.name)).toEqual(['k', 'b', 'tags']);
    await expect(client.execute('SELECT a FROM app.t')).rejects.toThrow('Undefined column name a');

    await client.execute("ALTER TABLE app.t WITH default_time_to_live = 3600 AND comment = 'c'");
    const meta = await client.metadata.getTable('app', 't');
    expect([meta?.defaultTtl, meta?.comment]).toEqual([3600, 'c']);
  });
});
