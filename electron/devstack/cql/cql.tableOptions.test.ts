// Table options are kept, normalised as Cassandra does, and shown in system_schema.tables, driver metadata and
// DESCRIBE, across a restart (issue 14 §1).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import cassandra from 'cassandra-driver';
import { afterEach, describe, expect, it } from 'vitest';
import { createCqlServer } from './index';

const cleanup: (() => Promise<unknown> | void)[] = [];
afterEach(async () => {
  for (const f of cleanup.splice(0).reverse()) await f();
});

async function connect(dataDir: string) {
  const server = await createCqlServer({ port: 0, dataDir });
  const client = new cassandra.Client({ contactPoints: [`127.0.0.1:${server.port}`], localDataCenter: 'datacenter1' });
  await client.connect();
  return { server, client };
}

describe('CQL store table options (cassandra-driver)', () => {
  it('keeps WITH options and reports them like Cassandra, after a restart too', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'cql-options-'));
    cleanup.push(() => rmSync(dataDir, { recursive: true, force: true }));
    const first = await connect(dataDir);
    await first.client.execute(
      "CREATE KEYSPACE app WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}",
    );
    await first.client.execute(
      "CREATE TABLE app.t (k int PRIMARY KEY, v text) WITH gc_grace_seconds = 3600 AND comment = 'users' " +
        "AND default_time_to_live = 86400 AND compaction = {'class': 'LeveledCompactionStrategy', 'sstable_size_in_mb': '160'} " +
        "AND caching = {'rows_per_partition': 'ALL'} AND speculative_retry = '95p' AND bloom_filter_fp_chance = 0.1",
    );
    await expect(
      first.client.execute('CREATE TABLE app.bad (k int PRIMARY KEY) WITH nonsense = 1'),
    ).rejects.toMatchObject({ code: 0x2000, message: "Unknown property 'nonsense'" });
    await first.client.shutdown();
    await first.server.close();

    const { server, client } = await connect(dataDir);
    cleanup.push(() => server.close());
    cleanup.push(() => client.shutdown());
    const row = (
      await client.execute("SELECT * FROM system_schema.tables WHERE keyspace_name = 'app' AND table_name = 't'")
    ).first();
    expect(row.get('gc_grace_seconds')).toBe(3600);
    expect(row.get('comment')).toBe('users');
    expect(row.get('default_time_to_live')).toBe(86400);
    expect(row.get('compaction')).toEqual({
      class: 'org.apache.cassandra.db.compaction.LeveledCompactionStrategy',
      max_threshold: '32',
      min_threshold: '4',
      sstable_size_in_mb: '160',
    });
    expect(row.get('caching')).toEqual({ keys: 'ALL', rows_per_partition: 'ALL' });
    expect(row.get('speculative_retry')).toBe('95p');
    expect(row.get('bloom_filter_fp_chance')).toBe(0.1);
    const meta = await client.metadata.getTable('app', 't');
    expect(meta?.gcGraceSeconds).toBe(3600);
    expect(meta?.comment).toBe('users');
    expect(meta?.defaultTtl).toBe(86400);
    expect(meta?.compactionClass).toBe('org.apache.cassandra.db.compaction.LeveledCompactionStrategy');
    const described = String((await client.execute('DESCRIBE TABLE app.t')).first().get('create_statement'));
    expect(described).toContain('AND gc_grace_seconds = 3600');
    expect(described).toContain("AND comment = 'users'");
    expect(described).toContain(
      "AND compaction = {'class': 'org.apache.cassandra.db.compaction.LeveledCompactionStrategy', 'max_threshold': '32', 'min_threshold': '4', 'sstable_size_in_mb': '160'}",
    );
  });
});
