// Static columns and counters through the real cassandra-driver over TCP: the driver's table metadata, prepared
// statements, counter batches (`{ counter: true }`), and both kept across a restart with a data dir.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import cassandra from 'cassandra-driver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCqlServer, type CqlServer } from './index';

const dir = mkdtempSync(join(tmpdir(), 'cql-static-'));
let server: CqlServer;
let client: cassandra.Client;

async function connect(): Promise<void> {
  server = await createCqlServer({ port: 0, dataDir: dir });
  client = new cassandra.Client({ contactPoints: [`127.0.0.1:${server.port}`], localDataCenter: 'datacenter1' });
  await client.connect();
}

beforeAll(async () => {
  await connect();
  await client.execute("CREATE KEYSPACE app WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}");
  await client.execute('CREATE TABLE app.s (pk int, ck int, owner text static, v int, PRIMARY KEY (pk, ck))');
  await client.execute('CREATE TABLE app.c (page text PRIMARY KEY, views counter, likes counter)');
});

afterAll(async () => {
  await client?.shutdown();
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

const opts = { prepare: true };

describe('CQL store static columns and counters (cassandra-driver)', () => {
  it('shows the static value in every row of the partition and reports the column as static', async () => {
    await client.execute('INSERT INTO app.s (pk, ck, owner, v) VALUES (?, ?, ?, ?)', [1, 1, 'ann', 1], opts);
    await client.execute('INSERT INTO app.s (pk, ck, v) VALUES (?, ?, ?)', [1, 2, 2], opts);
    await client.execute('UPDATE app.s SET owner = ? WHERE pk = ?', ['bob', 1], opts);
    await client.execute('INSERT INTO app.s (pk, owner) VALUES (?, ?)', [2, 'cy'], opts);
    const rows = (await client.execute('SELECT * FROM app.s WHERE pk IN (1, 2)')).rows;
    expect(rows.map((r) => [r.get('pk'), r.get('ck'), r.get('owner'), r.get('v')])).toEqual([
      [1, 1, 'bob', 1],
      [1, 2, 'bob', 2],
      [2, null, 'cy', null],
    ]);
    // isStatic is set at runtime but missing from the driver's type declarations.
    const columns = (await client.metadata.getTable('app', 's'))?.columnsByName as Record<
      string,
      { isStatic?: boolean }
    >;
    expect(columns.owner?.isStatic).toBe(true);
    expect(columns.v?.isStatic).toBe(false);
  });

  it('counts with prepared increments and a counter batch', async () => {
    await client.execute(
      'UPDATE app.c SET views = views + ? WHERE page = ?',
      [cassandra.types.Long.fromInt(3), 'home'],
      opts,
    );
    await client.batch(
      [
        { query: 'UPDATE app.c SET views = views + 1 WHERE page = ?', params: ['home'] },
        { query: 'UPDATE app.c SET likes = likes + 2 WHERE page = ?', params: ['home'] },
      ],
      { prepare: true, counter: true },
    );
    const row = (await client.execute('SELECT views, likes FROM app.c WHERE page = ?', ['home'], opts)).first();
    expect([row.get('views').toString(), row.get('likes').toString()]).toEqual(['4', '2']);
    await expect(
      client.batch([{ query: 'UPDATE app.c SET views = views + 1 WHERE page = ?', params: ['home'] }], {
        prepare: true,
      }),
    ).rejects.toThrow('Cannot include a counter statement in a logged batch');
    const meta = await client.metadata.getTable('app', 'c');
    expect(meta?.columnsByName.views?.type.code).toBe(cassandra.types.dataTypes.counter);
  });

  it('keeps static values and counters across a restart', async () => {
    await client.shutdown();
    await server.close();
    await connect();
    const s = (await client.execute('SELECT owner FROM app.s WHERE pk = 1 LIMIT 1')).first();
    expect(s.get('owner')).toBe('bob');
    const c = (await client.execute("SELECT views FROM app.c WHERE page = 'home'")).first();
    expect(c.get('views').toString()).toBe('4');
  });
});
