// system.size_estimates and system.table_estimates from the store's own data, read as the app reads them: per table,
// summing partitions_count over the node's primary ranges (16 vnodes: 16 ranges).
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
  await client.execute('CREATE TABLE app.users (id uuid PRIMARY KEY, email text, data text)');
  await client.execute('CREATE TABLE app.events (p int, c int, v text, PRIMARY KEY (p, c))');
});

afterAll(async () => {
  await client?.shutdown();
  await server?.close();
});

async function estimate(table: string, from = 'size_estimates') {
  const rs = await client.execute(
    `SELECT range_start, range_end, partitions_count, mean_partition_size FROM system.${from} WHERE keyspace_name = ? AND table_name = ?`,
    ['app', table],
    { prepare: true },
  );
  let partitions = 0;
  for (const r of rs.rows) partitions += Number(r.partitions_count);
  return { rows: rs.rows, partitions };
}

describe('CQL store size estimates (cassandra-driver)', () => {
  it('reports one row per primary range with counts that follow inserts and truncation', async () => {
    const empty = await estimate('users');
    expect(empty.rows).toHaveLength(16);
    expect(empty.partitions).toBe(0);
    const local = (await client.execute("SELECT tokens FROM system.local WHERE key = 'local'")).first();
    const tokens = (local.get('tokens') as string[]).map((t) => BigInt(t)).sort((a, b) => (a < b ? -1 : 1));
    expect(empty.rows.map((r) => BigInt(r.range_start as string)).sort((a, b) => (a < b ? -1 : 1))).toEqual(tokens);

    const n = 5_000;
    await cassandra.concurrent.executeConcurrent(
      client,
      'INSERT INTO app.users (id, email, data) VALUES (?, ?, ?)',
      Array.from({ length: n }, (_, i) => [cassandra.types.Uuid.random(), `u${i}@x`, 'd'.repeat(200)]),
    );
    const filled = await estimate('users');
    expect(Math.abs(filled.partitions - n) / n).toBeLessThan(0.03);
    for (const r of filled.rows) {
      expect(Number(r.partitions_count)).toBeGreaterThan(n / 16 / 2);
      expect(Number(r.mean_partition_size)).toBeGreaterThan(200);
    }
    const perType = await estimate('users', 'table_estimates');
    expect(perType.rows).toHaveLength(32);
    expect(Math.abs(perType.partitions / 2 - n) / n).toBeLessThan(0.03);

    for (let p = 0; p < 50; p++)
      for (let c = 0; c < 4; c++)
        await client.execute('INSERT INTO app.events (p, c, v) VALUES (?, ?, ?)', [p, c, 'v'], { prepare: true });
    expect((await estimate('events')).partitions).toBeCloseTo(50, 0);

    await client.execute('TRUNCATE app.users');
    expect((await estimate('users')).partitions).toBe(0);
  });
});
