// Acknowledged writes survive a clean restart and a kill -9 of the server process (same data dir).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import cassandra from 'cassandra-driver';
import { afterEach, describe, expect, it } from 'vitest';
import { createCqlServer } from './index';
import { spawnChildCqlServer } from './testing/childServer';

const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const f of cleanup.splice(0).reverse()) await f();
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'cql-storage-'));
  cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

function connect(port: number): cassandra.Client {
  const c = new cassandra.Client({ contactPoints: [`127.0.0.1:${port}`], localDataCenter: 'datacenter1' });
  cleanup.push(() => c.shutdown());
  return c;
}

const SCHEMA = [
  "CREATE KEYSPACE IF NOT EXISTS st WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}",
  'CREATE TABLE IF NOT EXISTS st.users (id int PRIMARY KEY, name text, tags list<text>)',
];

async function idsIn(client: cassandra.Client): Promise<Set<number>> {
  const ids = new Set<number>();
  for await (const row of client.stream('SELECT id FROM st.users', [], {
    prepare: true,
    fetchSize: 1000,
  }) as unknown as AsyncIterable<cassandra.types.Row>)
    ids.add(row.get('id') as number);
  return ids;
}

describe('CQL store persistence', () => {
  it('keeps schema, rows and host id across a clean restart on the same data dir', async () => {
    const dataDir = tempDir();
    const first = await createCqlServer({ port: 0, dataDir });
    const c1 = new cassandra.Client({ contactPoints: [`127.0.0.1:${first.port}`], localDataCenter: 'datacenter1' });
    for (const q of SCHEMA) await c1.execute(q);
    const params = Array.from({ length: 500 }, (_, i) => [i, `user${i}`, ['a', String(i)]]);
    await cassandra.concurrent.executeConcurrent(c1, 'INSERT INTO st.users (id, name, tags) VALUES (?, ?, ?)', params);
    await c1.execute('DELETE FROM st.users WHERE id = 7');
    const hostId = String((await c1.execute("SELECT host_id FROM system.local WHERE key='local'")).first().get(0));
    await c1.shutdown();
    await first.close();

    const second = await createCqlServer({ port: 0, dataDir });
    cleanup.push(() => second.close());
    const c2 = connect(second.port);
    const ids = await idsIn(c2);
    expect(ids.size).toBe(499);
    expect(ids.has(7)).toBe(false);
    const row = (await c2.execute('SELECT name, tags FROM st.users WHERE id = 42')).first();
    expect(row.get('name')).toBe('user42');
    expect(row.get('tags')).toEqual(['a', '42']);
    expect(String((await c2.execute("SELECT host_id FROM system.local WHERE key='local'")).first().get(0))).toBe(
      hostId,
    );
    expect(await c2.metadata.getTable('st', 'users')).not.toBeNull();
  });

  it('keeps every acknowledged write after kill -9 of the server process', async () => {
    const dataDir = tempDir();
    const child = await spawnChildCqlServer({ dataDir });
    cleanup.push(() => {
      child.child.kill('SIGKILL');
      return child.exited;
    });
    const c1 = new cassandra.Client({ contactPoints: [`127.0.0.1:${child.port}`], localDataCenter: 'datacenter1' });
    for (const q of SCHEMA) await c1.execute(q);
    const acknowledged = new Set<number>();
    const insert = 'INSERT INTO st.users (id, name, tags) VALUES (?, ?, ?)';
    await cassandra.concurrent.executeConcurrent(
      c1,
      insert,
      Array.from({ length: 2000 }, (_, i) => [i, `user${i}`, []]),
    );
    for (let i = 0; i < 2000; i++) acknowledged.add(i);
    // Keep writing while the process dies: only the writes that were answered count.
    let next = 2000;
    const writers = Array.from({ length: 16 }, async () => {
      for (;;) {
        const id = next++;
        try {
          await c1.execute(insert, [id, `user${id}`, []], { prepare: true });
          acknowledged.add(id);
        } catch {
          return;
        }
      }
    });
    await expect.poll(() => acknowledged.size, { timeout: 20_000 }).toBeGreaterThan(2500);
    child.child.kill('SIGKILL');
    await child.exited;
    await Promise.all(writers);
    await c1.shutdown();

    const restarted = await createCqlServer({ port: 0, dataDir });
    cleanup.push(() => restarted.close());
    const ids = await idsIn(connect(restarted.port));
    const missing = [...acknowledged].filter((id) => !ids.has(id));
    expect(missing).toEqual([]);
  });
});
