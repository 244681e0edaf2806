// ALTER KEYSPACE through the CqlEngine interface: replication and durable_writes changed and kept across a restart,
// IF EXISTS, system keyspaces (the replicated ones accepted, the local ones refused), Cassandra's messages.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openSession, simpleKeyspace } from './testSupport';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const keyspaceRow = async (s: Awaited<ReturnType<typeof openSession>>, name: string) =>
  (await s.run('SELECT * FROM system_schema.keyspaces WHERE keyspace_name = ?', [name])).rows[0];

describe('CQL engine: ALTER KEYSPACE', () => {
  it('changes replication and durable_writes, keeps the tables, and keeps the change across a restart', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cql-alterks-'));
    dirs.push(dir);
    let s = await openSession({ dataDir: dir });
    await s.run(simpleKeyspace('ks'));
    await s.run('CREATE TABLE ks.t (k int PRIMARY KEY, v text)');
    await s.run("INSERT INTO ks.t (k, v) VALUES (1, 'a')");
    const r = await s.run(
      "ALTER KEYSPACE ks WITH replication = {'class': 'NetworkTopologyStrategy', 'datacenter1': 1} AND durable_writes = false",
    );
    expect(r.result).toEqual({ kind: 'schemaChange', change: { type: 'UPDATED', target: 'KEYSPACE', keyspace: 'ks' } });
    expect(await keyspaceRow(s, 'ks')).toMatchObject({
      durable_writes: false,
      replication: { class: 'org.apache.cassandra.locator.NetworkTopologyStrategy', datacenter1: '1' },
    });
    await s.run('ALTER KEYSPACE ks WITH durable_writes = true');
    expect((await keyspaceRow(s, 'ks'))?.replication).toMatchObject({ datacenter1: '1' });
    await s.engine.close();
    s = await openSession({ dataDir: dir });
    expect(await keyspaceRow(s, 'ks')).toMatchObject({ durable_writes: true, replication: { datacenter1: '1' } });
    expect((await s.run('SELECT v FROM ks.t WHERE k = 1')).rows).toEqual([{ v: 'a' }]);
    await s.engine.close();
  });

  it('answers IF EXISTS, missing keyspaces and system keyspaces as Cassandra does', async () => {
    const s = await openSession();
    await s.run('ALTER KEYSPACE IF EXISTS nope WITH durable_writes = true');
    expect(await s.failure('ALTER KEYSPACE nope WITH durable_writes = true')).toMatchObject({
      code: 0x2200,
      message: "Keyspace 'nope' doesn't exist",
    });
    await s.run("ALTER KEYSPACE system_traces WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}");
    expect(await s.failure("ALTER KEYSPACE system WITH replication = {'class': 'SimpleStrategy'}")).toMatchObject({
      code: 0x2200,
      message: 'Modification of system keyspace system is not supported',
    });
    expect((await s.failure('ALTER KEYSPACE ks')).code).toBe(0x2000);
    await s.engine.close();
  });
});
