// Static columns (one value per partition) and counter tables, through the CqlEngine interface.
import { describe, expect, it } from 'vitest';
import { openSession, simpleKeyspace, type Session } from './testSupport';

async function withTable(ddl: string): Promise<Session> {
  const s = await openSession();
  await s.run(simpleKeyspace('ks'));
  await s.run('USE ks');
  await s.run(ddl);
  return s;
}

describe('CQL engine: static columns', () => {
  it('keeps one value per partition, shown in every row and in a partition without rows', async () => {
    const s = await withTable('CREATE TABLE t (pk int, ck int, s text static, v int, PRIMARY KEY (pk, ck))');
    await s.run("INSERT INTO t (pk, ck, s, v) VALUES (1, 1, 'a', 10)");
    await s.run('INSERT INTO t (pk, ck, v) VALUES (1, 2, 20)');
    await s.run("UPDATE t SET s = 'b' WHERE pk = 1");
    expect((await s.run('SELECT * FROM t WHERE pk = 1')).rows).toEqual([
      { pk: 1, ck: 1, s: 'b', v: 10 },
      { pk: 1, ck: 2, s: 'b', v: 20 },
    ]);
    expect((await s.run('SELECT pk, ck, s, v FROM t WHERE pk = 1 ORDER BY ck DESC')).rows[0]).toEqual({
      pk: 1,
      ck: 2,
      s: 'b',
      v: 20,
    });
    await s.run("INSERT INTO t (pk, s) VALUES (2, 'only')");
    expect((await s.run('SELECT * FROM t WHERE pk = 2')).rows).toEqual([{ pk: 2, ck: null, s: 'only', v: null }]);
    expect((await s.run('SELECT * FROM t WHERE pk = 2 AND ck = 1')).rows).toEqual([]);
    expect((await s.run('SELECT count(*) FROM t')).rows[0]?.count?.toString()).toBe('3');
    await s.run('DELETE s FROM t WHERE pk = 2');
    expect((await s.run('SELECT * FROM t WHERE pk = 2')).rows).toEqual([]);
    // Deleting a row leaves the static value; deleting the partition removes it.
    await s.run('DELETE FROM t WHERE pk = 1 AND ck = 1');
    expect((await s.run('SELECT s FROM t WHERE pk = 1')).rows).toEqual([{ s: 'b' }]);
    await s.run('DELETE FROM t WHERE pk = 1');
    expect((await s.run('SELECT * FROM t WHERE pk = 1')).rows).toEqual([]);
    const cols = await s.run(
      "SELECT column_name, kind FROM system_schema.columns WHERE keyspace_name='ks' AND table_name='t'",
    );
    expect(cols.rows.find((r) => r.column_name === 's')?.kind).toBe('static');
    const described = await s.run('DESCRIBE TABLE t');
    expect(String(described.rows[0]?.create_statement)).toContain('    s text static,');
  });

  it('applies INSERT IF NOT EXISTS with static columns against the row, or the static row alone', async () => {
    const s = await withTable('CREATE TABLE t (pk int, ck int, s text static, v int, PRIMARY KEY (pk, ck))');
    expect((await s.run("INSERT INTO t (pk, s) VALUES (1, 'a') IF NOT EXISTS")).rows).toEqual([{ '[applied]': true }]);
    expect((await s.run("INSERT INTO t (pk, s) VALUES (1, 'b') IF NOT EXISTS")).rows).toEqual([
      { '[applied]': false, pk: 1, ck: null, s: 'a', v: null },
    ]);
    expect((await s.run("INSERT INTO t (pk, ck, s, v) VALUES (1, 1, 'c', 1) IF NOT EXISTS")).rows).toEqual([
      { '[applied]': true },
    ]);
    expect((await s.run("INSERT INTO t (pk, ck, s, v) VALUES (1, 1, 'd', 2) IF NOT EXISTS")).rows).toEqual([
      { '[applied]': false, pk: 1, ck: 1, s: 'c', v: 1 },
    ]);
  });

  it('refuses static columns where Cassandra does', async () => {
    const s = await withTable('CREATE TABLE t (pk int, ck int, s int static, v int, PRIMARY KEY (pk, ck))');
    expect((await s.failure('CREATE TABLE u (pk int PRIMARY KEY, s int static)')).message).toBe(
      'Static columns are only useful (and thus allowed) if the table has at least one clustering column',
    );
    expect((await s.failure('INSERT INTO t (pk, v) VALUES (1, 1)')).message).toBe(
      'Some clustering keys are missing: ck',
    );
    expect((await s.failure('UPDATE t SET v = 1 WHERE pk = 1')).message).toBe('Some clustering keys are missing: ck');
  });
});

describe('CQL engine: counters', () => {
  it('increments, decrements, deletes, and batches counters', async () => {
    const s = await withTable('CREATE TABLE c (pk text, ck int, hits counter, misses counter, PRIMARY KEY (pk, ck))');
    await s.run("UPDATE c SET hits = hits + 5 WHERE pk = 'a' AND ck = 1");
    await s.run("UPDATE c SET hits = hits - 2, misses = misses + 1 WHERE pk = 'a' AND ck = 1");
    await s.run("UPDATE c SET hits = hits + ? WHERE pk = 'a' AND ck = 1", [10]);
    const row = (await s.run("SELECT hits, misses FROM c WHERE pk = 'a'")).rows[0];
    expect([String(row?.hits), String(row?.misses)]).toEqual(['13', '1']);
    await s.run(
      "BEGIN COUNTER BATCH UPDATE c SET hits = hits + 1 WHERE pk = 'a' AND ck = 1; UPDATE c SET hits = hits + 1 WHERE pk = 'a' AND ck = 1; APPLY BATCH",
    );
    expect(String((await s.run("SELECT hits FROM c WHERE pk = 'a'")).rows[0]?.hits)).toBe('15');
    await s.run("DELETE FROM c WHERE pk = 'a' AND ck = 1");
    expect((await s.run("SELECT * FROM c WHERE pk = 'a'")).rows).toEqual([]);
  });

  it('refuses what Cassandra refuses on counters', async () => {
    const s = await withTable('CREATE TABLE c (pk int PRIMARY KEY, n counter)');
    await s.run('CREATE TABLE r (pk int PRIMARY KEY, v int)');
    const fail = async (q: string) => (await s.failure(q)).message;
    expect(await fail('CREATE TABLE m (pk int PRIMARY KEY, n counter, v int)')).toBe(
      'Cannot mix counter and non counter columns in the same table',
    );
    expect(await fail('INSERT INTO c (pk, n) VALUES (1, 1)')).toBe(
      'INSERT statements are not allowed on counter tables, use UPDATE instead',
    );
    expect(await fail('UPDATE c SET n = 3 WHERE pk = 1')).toBe(
      'Cannot set the value of counter column n (counters can only be incremented/decremented, not set)',
    );
    expect(await fail('UPDATE c USING TTL 10 SET n = n + 1 WHERE pk = 1')).toBe(
      'Cannot provide custom TTL for counter updates',
    );
    expect(await fail('UPDATE c USING TIMESTAMP 10 SET n = n + 1 WHERE pk = 1')).toBe(
      'Cannot provide custom timestamp for counter updates',
    );
    expect(await fail('BEGIN BATCH UPDATE c SET n = n + 1 WHERE pk = 1; APPLY BATCH')).toBe(
      'Cannot include a counter statement in a logged batch',
    );
    expect(await fail('BEGIN COUNTER BATCH UPDATE r SET v = 1 WHERE pk = 1; APPLY BATCH')).toBe(
      'Cannot include non-counter statement in a counter batch',
    );
    expect(
      await fail(
        'BEGIN UNLOGGED BATCH UPDATE r SET v = 1 WHERE pk = 1; UPDATE c SET n = n + 1 WHERE pk = 1; APPLY BATCH',
      ),
    ).toBe('Counter and non-counter mutations cannot exist in the same batch');
  });
});
