// Secondary indexes through the real cassandra-driver over TCP: CREATE/DROP INDEX in both forms, driver metadata,
// indexed reads (plain, prepared, paged) kept right across writes, TTL and a restart; SAI refused on 4.1.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import cassandra from 'cassandra-driver';
import { afterEach, describe, expect, it } from 'vitest';
import { createCqlServer, type CqlServerOptions } from './index';

const cleanup: (() => Promise<unknown> | void)[] = [];
afterEach(async () => {
  for (const f of cleanup.splice(0).reverse()) await f();
});

async function start(options: CqlServerOptions = {}): Promise<cassandra.Client> {
  const server = await createCqlServer({ port: 0, ...options });
  cleanup.push(() => server.close());
  const client = new cassandra.Client({
    contactPoints: [`127.0.0.1:${server.port}`],
    localDataCenter: options.dataCenter ?? 'datacenter1',
  });
  cleanup.push(() => client.shutdown());
  await client.connect();
  await client.execute("CREATE KEYSPACE app WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}");
  await client.execute('CREATE TABLE app.users (id uuid PRIMARY KEY, email text, username text, age int)');
  return client;
}

const FILTERING =
  /^Cannot execute this query as it might involve data filtering and thus may have unpredictable performance\. If you want to execute this query despite the performance unpredictability, use ALLOW FILTERING$/;

describe('CQL store secondary indexes (cassandra-driver)', () => {
  it('creates both index forms, reports them in system_schema.indexes and driver metadata, and drops them', async () => {
    const client = await start();
    await client.execute('CREATE INDEX IF NOT EXISTS ON app.users (email)');
    await client.execute("CREATE INDEX by_username ON app.users (username) USING 'sai'");
    await client.execute("CREATE CUSTOM INDEX IF NOT EXISTS by_age ON app.users (age) USING 'StorageAttachedIndex'");
    const rows = await client.execute(
      'SELECT index_name, kind, options FROM system_schema.indexes WHERE keyspace_name = ? AND table_name = ?',
      ['app', 'users'],
    );
    expect(rows.rows.map((r) => [r.index_name, r.kind, r.options])).toEqual([
      ['by_age', 'CUSTOM', { class_name: 'StorageAttachedIndex', target: 'age' }],
      ['by_username', 'CUSTOM', { class_name: 'sai', target: 'username' }],
      ['users_email_idx', 'COMPOSITES', { target: 'email' }],
    ]);
    const table = await client.metadata.getTable('app', 'users');
    const indexes = Object.fromEntries((table?.indexes ?? []).map((ix) => [ix.name, ix]));
    expect(indexes.users_email_idx?.target).toBe('email');
    expect(indexes.users_email_idx?.isCompositesKind()).toBe(true);
    expect(indexes.by_username?.isCustomKind()).toBe(true);
    expect(indexes.by_username?.options).toMatchObject({ class_name: 'sai', target: 'username' });
    const described = await client.execute('DESCRIBE TABLE app.users');
    expect(described.rows.map((r) => r.create_statement as string)).toContain(
      'CREATE INDEX users_email_idx ON app.users (email);',
    );
    await client.execute('DROP INDEX app.users_email_idx');
    await client.execute('DROP INDEX IF EXISTS app.users_email_idx');
    await expect(client.execute('DROP INDEX app.users_email_idx')).rejects.toThrow(
      "Index 'app.users_email_idx' doesn't exist'",
    );
    await expect(client.execute('SELECT * FROM app.users WHERE email = ?', ['a'])).rejects.toThrow(FILTERING);
  });

  it('answers equality on an indexed column, prepared or not, paged, across updates, deletes and TTL', async () => {
    const client = await start();
    await client.execute('CREATE INDEX ON app.users (email)');
    await client.execute("CREATE INDEX ON app.users (username) USING 'sai'");
    const ids = Array.from({ length: 300 }, () => cassandra.types.Uuid.random());
    await cassandra.concurrent.executeConcurrent(
      client,
      'INSERT INTO app.users (id, email, username) VALUES (?, ?, ?)',
      ids.map((id, i) => [id, `user${i}@example.com`, i < 250 ? 'shared' : `name${i}`]),
    );
    const byEmail = async (email: string, prepare: boolean) =>
      (await client.execute('SELECT id FROM app.users WHERE email = ?', [email], { prepare })).rows.map((r) =>
        String(r.id),
      );
    expect(await byEmail('user7@example.com', false)).toEqual([String(ids[7])]);
    expect(await byEmail('user7@example.com', true)).toEqual([String(ids[7])]);
    const paged: string[] = [];
    for await (const row of client.stream('SELECT id FROM app.users WHERE username = ?', ['shared'], {
      prepare: true,
      fetchSize: 40,
    }) as unknown as AsyncIterable<cassandra.types.Row>)
      paged.push(String(row.get('id')));
    expect(paged).toHaveLength(250);
    expect(new Set(paged).size).toBe(250);

    await client.execute('UPDATE app.users SET email = ? WHERE id = ?', ['new@example.com', ids[7]], { prepare: true });
    expect(await byEmail('user7@example.com', true)).toEqual([]);
    expect(await byEmail('new@example.com', true)).toEqual([String(ids[7])]);
    await client.execute('DELETE email FROM app.users WHERE id = ?', [ids[8]], { prepare: true });
    await client.execute('DELETE FROM app.users WHERE id = ?', [ids[9]], { prepare: true });
    expect(await byEmail('user8@example.com', true)).toEqual([]);
    expect(await byEmail('user9@example.com', true)).toEqual([]);
    await client.execute(
      'INSERT INTO app.users (id, email) VALUES (?, ?) USING TTL 1',
      [ids[10], 'short@example.com'],
      {
        prepare: true,
      },
    );
    expect(await byEmail('short@example.com', true)).toEqual([String(ids[10])]);
    await expect.poll(() => byEmail('short@example.com', true), { timeout: 5000, interval: 200 }).toEqual([]);
  });

  it('keeps indexes across a restart on the same data dir', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'cql-index-'));
    cleanup.push(() => rmSync(dataDir, { recursive: true, force: true }));
    const first = await createCqlServer({ port: 0, dataDir });
    const c1 = new cassandra.Client({ contactPoints: [`127.0.0.1:${first.port}`], localDataCenter: 'datacenter1' });
    await c1.execute("CREATE KEYSPACE app WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}");
    await c1.execute('CREATE TABLE app.users (id int PRIMARY KEY, email text)');
    await c1.execute("CREATE INDEX ON app.users (email) USING 'sai'");
    for (let i = 0; i < 50; i++)
      await c1.execute('INSERT INTO app.users (id, email) VALUES (?, ?)', [i, `u${i}@x`], { prepare: true });
    await c1.shutdown();
    await first.close();
    const second = await createCqlServer({ port: 0, dataDir });
    cleanup.push(() => second.close());
    const c2 = new cassandra.Client({ contactPoints: [`127.0.0.1:${second.port}`], localDataCenter: 'datacenter1' });
    cleanup.push(() => c2.shutdown());
    const found = await c2.execute('SELECT id FROM app.users WHERE email = ?', ['u42@x'], { prepare: true });
    expect(found.rows.map((r) => r.id as number)).toEqual([42]);
    const meta = await c2.metadata.getTable('app', 'users');
    expect(meta?.indexes.map((ix) => ix.name)).toEqual(['users_email_idx']);
  });

  it('reports the selected version and refuses SAI on 4.1 with its message, legacy indexes working', async () => {
    const client = await start({ cassandraVersion: '4.1', dataCenter: 'dc-east', vnodes: 4 });
    const local = (
      await client.execute("SELECT release_version, data_center, tokens FROM system.local WHERE key='local'")
    ).first();
    expect(local.get('release_version')).toMatch(/^4\.1\./);
    expect(local.get('data_center')).toBe('dc-east');
    expect(local.get('tokens')).toHaveLength(4);
    expect(client.hosts.values()[0]?.cassandraVersion).toMatch(/^4\.1\./);
    await expect(
      client.execute("CREATE CUSTOM INDEX ON app.users (email) USING 'StorageAttachedIndex'"),
    ).rejects.toThrow("Unable to find custom indexer class 'StorageAttachedIndex'");
    await expect(client.execute("CREATE INDEX ON app.users (email) USING 'sai'")).rejects.toThrow(
      'Cannot specify index class for a non-CUSTOM index',
    );
    await client.execute('CREATE INDEX ON app.users (email)');
    const id = cassandra.types.Uuid.random();
    await client.execute('INSERT INTO app.users (id, email) VALUES (?, ?)', [id, 'a@x'], { prepare: true });
    const found = await client.execute('SELECT id FROM app.users WHERE email = ?', ['a@x'], { prepare: true });
    expect(String(found.first().get('id'))).toBe(String(id));
  });
});
