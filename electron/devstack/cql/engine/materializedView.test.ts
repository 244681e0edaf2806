// Materialized views through the CqlEngine interface: Cassandra's CREATE checks, the view following every base
// INSERT/UPDATE/DELETE and TTL, refused writes and drops, system_schema, DESCRIBE and a restart with a data dir.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openSession, simpleKeyspace, type Session } from './testSupport';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const BASE = 'CREATE TABLE t (k int, c int, v int, w text, PRIMARY KEY (k, c))';
const VIEW =
  'CREATE MATERIALIZED VIEW mv AS SELECT * FROM t WHERE v IS NOT NULL AND k IS NOT NULL AND c IS NOT NULL ' +
  'PRIMARY KEY (v, k, c) WITH CLUSTERING ORDER BY (k DESC, c ASC)';

async function withBase(clock?: { now(): number }, dataDir?: string): Promise<Session> {
  const s = await openSession({ ...(clock ? { clock } : {}), ...(dataDir ? { dataDir } : {}) });
  await s.run(simpleKeyspace('ks'));
  await s.run('USE ks');
  await s.run(BASE);
  return s;
}

// Partitions come in token order: sorted unless one partition is read (then in the view's clustering order).
const viewRows = async (s: Session, where = '') => {
  const rows = (await s.run(`SELECT v, k, c, w FROM mv${where}`)).rows.map((r) =>
    [r.v, r.k, r.c, r.w].map((x) => String(x)).join('/'),
  );
  return where === '' ? rows.sort() : rows;
};

describe('CQL engine: materialized views', () => {
  it('checks CREATE MATERIALIZED VIEW as Cassandra does and warns on success', async () => {
    const s = await withBase();
    const fail = async (q: string) => (await s.failure(q)).message;
    expect(await fail('CREATE MATERIALIZED VIEW a AS SELECT * FROM t WHERE v IS NOT NULL PRIMARY KEY (v, k, c)')).toBe(
      "Primary key column 'c' is required to be filtered by 'IS NOT NULL'",
    );
    expect(
      await fail(
        'CREATE MATERIALIZED VIEW a AS SELECT * FROM t WHERE v IS NOT NULL AND w IS NOT NULL AND c IS NOT NULL PRIMARY KEY (v, w, k, c)',
      ),
    ).toBe("Cannot include more than one non-primary key column 'w' in materialized view primary key");
    expect(await fail('CREATE MATERIALIZED VIEW a AS SELECT * FROM t WHERE v IS NOT NULL PRIMARY KEY (v, k)')).toBe(
      'Cannot create Materialized View a without primary key columns from base t (c)',
    );
    expect(await fail('CREATE MATERIALIZED VIEW a AS SELECT * FROM nope WHERE k IS NOT NULL PRIMARY KEY (k)')).toBe(
      "Table 'ks.nope' doesn't exist",
    );
    const created = await s.run(VIEW);
    expect(created.result).toMatchObject({
      kind: 'schemaChange',
      change: { type: 'CREATED', target: 'TABLE', keyspace: 'ks', name: 'mv' },
      warnings: ['Materialized views are experimental and are not recommended for production use.'],
    });
    expect((await s.failure(VIEW)).code).toBe(0x2400);
    expect((await s.run(VIEW.replace('VIEW mv', 'VIEW IF NOT EXISTS mv'))).result.kind).toBe('void');
  });

  it('follows base writes, deletes and TTLs and refuses direct writes', async () => {
    let now = Date.UTC(2026, 0, 1);
    const s = await withBase({ now: () => now });
    await s.run('INSERT INTO t (k, c, v, w) VALUES (1, 1, 10, ?)', ['a']);
    await s.run(VIEW);
    await s.run("INSERT INTO t (k, c, v, w) VALUES (2, 1, 10, 'b')");
    await s.run("INSERT INTO t (k, c, w) VALUES (3, 1, 'no v')");
    expect(await viewRows(s, ' WHERE v = 10')).toEqual(['10/2/1/b', '10/1/1/a']);
    // The view key changes: the old view row goes.
    await s.run('UPDATE t SET v = 20 WHERE k = 1 AND c = 1');
    expect(await viewRows(s)).toEqual(['10/2/1/b', '20/1/1/a']);
    await s.run('DELETE v FROM t WHERE k = 2 AND c = 1');
    await s.run('DELETE FROM t WHERE k = 1');
    expect(await viewRows(s)).toEqual([]);
    await s.run("INSERT INTO t (k, c, v, w) VALUES (4, 1, 30, 'ttl') USING TTL 10");
    await s.run('UPDATE t USING TTL 5 SET v = 40 WHERE k = 5 AND c = 1');
    await s.run("UPDATE t SET w = 'lives' WHERE k = 5 AND c = 1");
    expect(await viewRows(s)).toEqual(['30/4/1/ttl', '40/5/1/lives']);
    now += 6_000;
    expect(await viewRows(s)).toEqual(['30/4/1/ttl']);
    now += 5_000;
    expect(await viewRows(s)).toEqual([]);
    expect((await s.failure('INSERT INTO mv (v, k, c) VALUES (1, 1, 1)')).message).toBe(
      'Cannot directly modify a materialized view',
    );
    expect((await s.failure('DELETE FROM mv WHERE v = 1')).message).toBe('Cannot directly modify a materialized view');
    expect((await s.failure('DROP TABLE t')).message).toBe(
      'Cannot drop table when materialized views still depend on it (ks.{mv})',
    );
    expect((await s.run('DROP MATERIALIZED VIEW mv')).result).toMatchObject({
      change: { type: 'DROPPED', target: 'TABLE', name: 'mv' },
    });
    await s.run('DROP TABLE t');
  });

  it('shows in system_schema and DESCRIBE, and survives a restart', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cql-mv-'));
    dirs.push(dir);
    let s = await withBase(undefined, dir);
    await s.run(
      'CREATE MATERIALIZED VIEW mv2 AS SELECT k, c, w FROM t WHERE w IS NOT NULL AND c IS NOT NULL PRIMARY KEY (w, k, c)',
    );
    await s.run("INSERT INTO t (k, c, v, w) VALUES (1, 2, 3, 'x')");
    const views = await s.run("SELECT * FROM system_schema.views WHERE keyspace_name = 'ks'");
    expect(views.rows).toMatchObject([
      {
        view_name: 'mv2',
        base_table_name: 't',
        include_all_columns: false,
        where_clause: 'w IS NOT NULL AND c IS NOT NULL',
      },
    ]);
    const tables = await s.run("SELECT table_name FROM system_schema.tables WHERE keyspace_name = 'ks'");
    expect(tables.rows.map((r) => r.table_name)).toEqual(['t']);
    const cols = await s.run(
      "SELECT column_name, kind FROM system_schema.columns WHERE keyspace_name = 'ks' AND table_name = 'mv2'",
    );
    expect(cols.rows.map((r) => `${String(r.column_name)}:${String(r.kind)}`).sort()).toEqual([
      'c:clustering',
      'k:clustering',
      'w:partition_key',
    ]);
    const described = await s.run('DESCRIBE MATERIALIZED VIEW mv2');
    expect(String(described.rows[0]?.create_statement)).toContain('CREATE MATERIALIZED VIEW ks.mv2 AS');
    await s.run("ALTER MATERIALIZED VIEW mv2 WITH comment = 'by w'");
    await s.run(VIEW);
    await s.run('ALTER TABLE t ADD z int');
    const all = await s.run(
      "SELECT column_name FROM system_schema.columns WHERE keyspace_name = 'ks' AND table_name = 'mv'",
    );
    expect(all.rows.map((r) => r.column_name)).toContain('z');
    expect((await s.failure('ALTER TABLE t DROP w')).message).toBe(
      'Cannot drop column w on base table t with materialized views',
    );
    await s.run('UPDATE t SET z = 5 WHERE k = 1 AND c = 2');
    expect((await s.run('SELECT z FROM mv WHERE v = 3')).rows).toEqual([{ z: 5 }]);
    await s.run('ALTER TABLE t RENAME k TO kk');
    expect((await s.run('SELECT kk, z FROM mv WHERE v = 3')).rows).toEqual([{ kk: 1, z: 5 }]);
    const where = await s.run(
      "SELECT where_clause FROM system_schema.views WHERE keyspace_name = 'ks' AND view_name = 'mv'",
    );
    expect(where.rows).toEqual([{ where_clause: 'v IS NOT NULL AND kk IS NOT NULL AND c IS NOT NULL' }]);
    await s.engine.close();
    s = await openSession({ dataDir: dir });
    const comment = await s.run(
      "SELECT comment FROM system_schema.views WHERE keyspace_name = 'ks' AND view_name = 'mv2'",
    );
    expect(comment.rows).toEqual([{ comment: 'by w' }]);
    await s.run('USE ks');
    expect((await s.run('SELECT w, kk, c FROM mv2')).rows).toEqual([{ w: 'x', kk: 1, c: 2 }]);
    await s.engine.close();
  });
});
