// Indexes on a non-frozen collection's values or map keys: created and reported as Cassandra reports them
// (target `values(c)` / `keys(c)` / `entries(m)`), and CONTAINS / CONTAINS KEY / `m[k] = v` on an indexed collection
// need no ALLOW FILTERING.
import { describe, expect, it } from 'vitest';
import { openSession, simpleKeyspace } from './testSupport';

describe('CQL engine: indexes on non-frozen collections', () => {
  it('serves CONTAINS and CONTAINS KEY without ALLOW FILTERING once indexed', async () => {
    const s = await openSession();
    await s.run(simpleKeyspace('ks'));
    await s.run('USE ks');
    await s.run('CREATE TABLE t (id int PRIMARY KEY, tags set<text>, m map<text, int>, l list<int>)');
    await s.run("INSERT INTO t (id, tags, m, l) VALUES (1, {'a', 'b'}, {'x': 1}, [1, 2])");
    await s.run("INSERT INTO t (id, tags, m, l) VALUES (2, {'b'}, {'y': 2}, [3])");
    expect((await s.failure("SELECT id FROM t WHERE tags CONTAINS 'a'")).message).toContain('ALLOW FILTERING');
    await s.run('CREATE INDEX ON t (tags)');
    await s.run('CREATE INDEX mk ON t (keys(m))');
    await s.run('CREATE INDEX mv ON t (values(m))');
    await s.run('CREATE INDEX ON t (l)');
    const ids = async (q: string) => (await s.run(q)).rows.map((r) => r.id).sort();
    expect(await ids("SELECT id FROM t WHERE tags CONTAINS 'b'")).toEqual([1, 2]);
    expect(await ids("SELECT id FROM t WHERE m CONTAINS KEY 'y'")).toEqual([2]);
    expect(await ids('SELECT id FROM t WHERE m CONTAINS 1')).toEqual([1]);
    expect(await ids('SELECT id FROM t WHERE l CONTAINS 3')).toEqual([2]);
    const ix = await s.run("SELECT index_name, options FROM system_schema.indexes WHERE keyspace_name = 'ks'");
    expect(Object.fromEntries(ix.rows.map((r) => [r.index_name, (r.options as { target: string }).target]))).toEqual({
      t_tags_idx: 'values(tags)',
      mk: 'keys(m)',
      mv: 'values(m)',
      t_l_idx: 'values(l)',
    });
    expect((await s.failure('CREATE INDEX ON t (keys(l))')).message).toContain('non-map');
    expect((await s.failure("SELECT id FROM t WHERE m['x'] = 1")).message).toContain('ALLOW FILTERING');
    expect(await ids("SELECT id FROM t WHERE m['x'] = 1 ALLOW FILTERING")).toEqual([1]);
    await s.run('CREATE INDEX me ON t (entries(m))');
    expect(await ids('SELECT id FROM t WHERE m[?] = ?'.replace('?', "'y'").replace('?', '2'))).toEqual([2]);
    expect((await s.run('SELECT id FROM t WHERE m[?] = ?', ['x', 2])).rows).toEqual([]);
  });
});
