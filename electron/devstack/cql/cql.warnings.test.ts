// Warnings on responses as Cassandra 4.1/5.0 words them, read through cassandra-driver's ResultSet.info.warnings:
// batch size (warn at 5 KiB, refuse past 50 KiB), unlogged batches over more than 10 partitions, aggregation
// without a partition key.
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
  await client.execute('CREATE TABLE app.kv (k int PRIMARY KEY, v text)');
  await client.execute('CREATE TABLE app.ev (p int, c int, v text, PRIMARY KEY (p, c))');
});

afterAll(async () => {
  await client?.shutdown();
  await server?.close();
});

const insert = (k: number, bytes: number) => ({
  query: 'INSERT INTO app.kv (k, v) VALUES (?, ?)',
  params: [k, 'x'.repeat(bytes)],
});

// Cassandra's data size of one such row: marker timestamp 8 + one cell (16 + value).
const rowSize = (bytes: number) => 8 + 16 + bytes;

describe('CQL store response warnings (cassandra-driver)', () => {
  it('warns for a multi-partition batch over 5 KiB with its data size, and refuses one over 50 KiB', async () => {
    const small = await client.batch([insert(1, 100), insert(2, 100)], { prepare: true });
    expect(small.info.warnings ?? []).toEqual([]);
    const big = await client.batch([insert(1, 3000), insert(2, 3000)], { prepare: true, logged: true });
    const size = 2 * rowSize(3000);
    expect(big.info.warnings).toEqual([
      `Batch for [app.kv] is of size ${size}, exceeding specified threshold of 5120 by ${size - 5120}.`,
    ]);
    await expect(
      client.batch(
        Array.from({ length: 6 }, (_, i) => insert(i, 9000)),
        { prepare: true },
      ),
    ).rejects.toThrow('Batch too large');
  });

  it('does not count one partition as a multi-partition batch', async () => {
    const rows = Array.from({ length: 10 }, (_, c) => ({
      query: 'INSERT INTO app.ev (p, c, v) VALUES (?, ?, ?)',
      params: [1, c, 'y'.repeat(1000)],
    }));
    const r = await client.batch(rows, { prepare: true });
    expect(r.info.warnings ?? []).toEqual([]);
  });

  it('warns for an unlogged batch over more than 10 partitions, naming the tables', async () => {
    const eleven = Array.from({ length: 11 }, (_, i) => insert(100 + i, 10));
    const unlogged = await client.batch(eleven, { prepare: true, logged: false });
    expect(unlogged.info.warnings).toEqual([
      'Unlogged batch covering 11 partitions detected against table [app.kv]. You should use a logged batch for ' +
        'atomicity, or asynchronous writes for performance.',
    ]);
    const ten = await client.batch(eleven.slice(1), { prepare: true, logged: false });
    expect(ten.info.warnings ?? []).toEqual([]);
    const logged = await client.batch(eleven, { prepare: true, logged: true });
    expect(logged.info.warnings ?? []).toEqual([]);
    const twoTables = await client.batch(
      [...eleven, { query: 'INSERT INTO app.ev (p, c, v) VALUES (?, ?, ?)', params: [5, 1, 'z'] }],
      { prepare: true, logged: false },
    );
    expect(twoTables.info.warnings?.[0]).toMatch(
      /^Unlogged batch covering 12 partitions detected against tables \[app\.ev, app\.kv\]\./,
    );
    const cql = await client.execute(
      `BEGIN UNLOGGED BATCH ${Array.from({ length: 11 }, (_, i) => `INSERT INTO app.kv (k, v) VALUES (${200 + i}, 'a');`).join(' ')} APPLY BATCH`,
    );
    expect(cql.info.warnings?.[0]).toMatch(/^Unlogged batch covering 11 partitions/);
  });

  it('warns for an aggregation without a partition key, and on several keys', async () => {
    const all = await client.execute('SELECT count(*) FROM app.kv');
    expect(all.info.warnings).toEqual(['Aggregation query used without partition key']);
    const one = await client.execute('SELECT count(*) FROM app.kv WHERE k = 1');
    expect(one.info.warnings ?? []).toEqual([]);
    const several = await client.execute('SELECT count(*) FROM app.kv WHERE k IN (1, 2)');
    expect(several.info.warnings).toEqual(['Aggregation query used on multiple partition keys (IN restriction)']);
    const plain = await client.execute('SELECT * FROM app.kv LIMIT 1');
    expect(plain.info.warnings ?? []).toEqual([]);
  });
});
