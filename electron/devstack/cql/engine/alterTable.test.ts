// ALTER TABLE through the CqlEngine interface: ADD, DROP (the column's data gone, also after a restart), RENAME of
// key columns, WITH options; Cassandra's refusals.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openSession, simpleKeyspace, type Session } from './testSupport';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

async function withTable(ddl: string, dataDir?: string): Promise<Session> {
  const s = await openSession(dataDir ? { dataDir } : {});
  await s.run(simpleKeyspace('ks'));
  await s.run('USE ks');
  await s.run(ddl);
  return s;
}

describe('CQL engine: ALTER TABLE', () => {
  it('adds, drops and re-adds columns; dropped data stays gone across a restart', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cql-alter-'));
    dirs.push(dir);
    let s = await withTable('CREATE TABLE t (k int PRIMARY KEY, a text)', dir);
    await s.run("INSERT INTO t (k, a) VALUES (1, 'x')");
    await s.run('ALTER TABLE t ADD (b int, c set<text>)');
    await s.run('ALTER TABLE t ADD IF NOT EXISTS b int');
    await s.run("UPDATE t SET b = 2, c = c + {'y'} WHERE k = 1");
    expect((await s.run('SELECT * FROM t')).rows).toEqual([{ k: 1, a: 'x', b: 2, c: ['y'] }]);
    await s.run('ALTER TABLE t DROP a');
    expect((await s.run('SELECT * FROM t')).rows).toEqual([{ k: 1, b: 2, c: ['y'] }]);
    const dropped = await s.run("SELECT * FROM system_schema.dropped_columns WHERE keyspace_name = 'ks'");
    expect(dropped.rows.map((r) => [r.table_name, r.column_name, r.kind, r.type])).toEqual([
      ['t', 'a', 'regular', 'text'],
    ]);
    await s.run('ALTER TABLE t ADD a text');
    expect((await s.run('SELECT a FROM t WHERE k = 1')).rows).toEqual([{ a: null }]);
    await s.run("INSERT INTO t (k, a) VALUES (2, 'new')");
    // Slots no longer follow column order: a refused IF NOT EXISTS shows each value under its own column.
    expect((await s.run("INSERT INTO t (k, a) VALUES (2, 'again') IF NOT EXISTS")).rows[0]).toEqual({
      '[applied]': false,
      k: 2,
      a: 'new',
      b: null,
      c: null,
    });
    await s.run("ALTER TABLE t WITH gc_grace_seconds = 60 AND comment = 'altered'");
    await s.engine.close();

    s = await openSession({ dataDir: dir });
    await s.run('USE ks');
    expect((await s.run('SELECT k, a, b FROM t')).rows.sort((x, y) => Number(x.k) - Number(y.k))).toEqual([
      { k: 1, a: null, b: 2 },
      { k: 2, a: 'new', b: null },
    ]);
    const opts = await s.run("SELECT gc_grace_seconds, comment FROM system_schema.tables WHERE keyspace_name = 'ks'");
    expect(opts.rows[0]).toEqual({ gc_grace_seconds: 60, comment: 'altered' });
    await s.engine.close();
  });

  it('renames primary-key columns only, and refuses what Cassandra refuses', async () => {
    const s = await withTable('CREATE TABLE t (k int, c int, v int, PRIMARY KEY (k, c))');
    await s.run('INSERT INTO t (k, c, v) VALUES (1, 2, 3)');
    await s.run('ALTER TABLE t RENAME k TO id AND c TO seq');
    expect((await s.run('SELECT * FROM t WHERE id = 1 AND seq = 2')).rows).toEqual([{ id: 1, seq: 2, v: 3 }]);
    const fail = async (q: string) => (await s.failure(q)).message;
    expect(await fail('ALTER TABLE t RENAME v TO w')).toBe('Cannot rename non PRIMARY KEY column v');
    expect(await fail('ALTER TABLE t DROP id')).toBe('Cannot drop PRIMARY KEY column id');
    expect(await fail('ALTER TABLE t DROP nope')).toBe("Column nope was not found in table 'ks.t'");
    expect(await fail('ALTER TABLE t ADD v text')).toBe("Column with name 'v' already exists");
    expect(await fail('ALTER TABLE t ADD n counter')).toBe('Cannot add a counter column (n) in a non counter table');
    expect(await fail('ALTER TABLE t ALTER v TYPE bigint')).toBe('Altering column types is no longer supported');
    expect(await fail('ALTER TABLE t WITH nonsense = 1')).toBe("Unknown property 'nonsense'");
    expect(await fail('ALTER TABLE nope ADD x int')).toBe("Table 'ks.nope' doesn't exist");
    await s.run('ALTER TABLE IF EXISTS nope ADD x int');
    await s.run('ALTER TABLE t DROP IF EXISTS nope');
  });
});
