import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openSession, simpleKeyspace, type Session } from './testSupport';

let session: Session;

beforeEach(async () => {
  session = await openSession();
  await session.run(simpleKeyspace('ks'));
  await session.run('USE ks');
  await session.run('CREATE TABLE t (k int, c int, d int, v int, f double, x decimal, PRIMARY KEY (k, c, d))');
  for (let k = 1; k <= 3; k++)
    for (let c = 1; c <= 3; c++)
      for (let d = 1; d <= 2; d++)
        await session.run(`INSERT INTO t (k, c, d, v, f, x) VALUES (${k}, ${c}, ${d}, ${k * 10 + c}, ${c}.5, ${d}.25)`);
  await session.run('INSERT INTO t (k, c, d) VALUES (4, 1, 1)');
});
afterEach(() => session.engine.close());

const str = (r: Record<string, unknown> | undefined) =>
  Object.fromEntries(Object.entries(r ?? {}).map(([k, v]) => [k, v === null ? null : String(v)]));

describe('aggregates', () => {
  it('count, min, max, sum, avg with Cassandra names and result types (avg of int is int)', async () => {
    const r = await session.run(
      'SELECT count(*), count(v), min(v), max(v), sum(v), avg(v), avg(f), sum(x), avg(x), k FROM t WHERE k = 1',
    );
    expect(r.names).toEqual([
      'count',
      'system.count(v)',
      'system.min(v)',
      'system.max(v)',
      'system.sum(v)',
      'system.avg(v)',
      'system.avg(f)',
      'system.sum(x)',
      'system.avg(x)',
      'k',
    ]);
    expect(r.result.kind === 'rows' && r.result.columns.map((c) => c.type)).toMatchObject([
      { name: 'bigint' },
      { name: 'bigint' },
      { name: 'int' },
      { name: 'int' },
      { name: 'int' },
      { name: 'int' },
      { name: 'double' },
      { name: 'decimal' },
      { name: 'decimal' },
      { name: 'int' },
    ]);
    expect(str(r.rows[0])).toEqual({
      count: '6',
      'system.count(v)': '6',
      'system.min(v)': '11',
      'system.max(v)': '13',
      'system.sum(v)': '72',
      'system.avg(v)': '12',
      'system.avg(f)': '2.5',
      'system.sum(x)': '10.50',
      'system.avg(x)': '1.75',
      k: '1',
    });
    const empty = await session.run('SELECT count(*), max(v), avg(v) FROM t WHERE k = 99');
    expect(str(empty.rows[0])).toEqual({ count: '0', 'system.max(v)': null, 'system.avg(v)': '0' });
    const nulls = await session.run('SELECT count(v), count(1) FROM t WHERE k = 4');
    expect(str(nulls.rows[0])).toEqual({ 'system.count(v)': '0', count: '1' });
  });

  it('warns without a partition key and refuses sum of text', async () => {
    const r = await session.run('SELECT max(v) FROM t');
    expect(r.result.warnings).toEqual(['Aggregation query used without partition key']);
    expect(str(r.rows[0])).toEqual({ 'system.max(v)': '33' });
    await session.run('CREATE TABLE s (k int PRIMARY KEY, t text)');
    expect((await session.failure('SELECT sum(t) FROM s')).message).toMatch(
      /^Invalid call to function system.sum, none of its type signatures match \(known type signatures: system.sum : \(tinyint\) -> tinyint/,
    );
  });

  it('GROUP BY partition key and clustering prefix, with LIMIT, PER PARTITION LIMIT and paging by groups', async () => {
    const byK = await session.run('SELECT k, count(*), sum(v) FROM t GROUP BY k');
    expect(byK.rows.map(str)).toEqual([
      { k: '1', count: '6', 'system.sum(v)': '72' },
      { k: '2', count: '6', 'system.sum(v)': '132' },
      { k: '4', count: '1', 'system.sum(v)': '0' },
      { k: '3', count: '6', 'system.sum(v)': '192' },
    ]);
    expect(byK.result.warnings).toEqual(['Aggregation query used without partition key']);
    const byKc = await session.run('SELECT k, c, max(d) FROM t WHERE k IN (1, 2) GROUP BY k, c');
    expect(byKc.rows).toHaveLength(6);
    expect(byKc.result.warnings).toEqual(['Aggregation query used on multiple partition keys (IN restriction)']);
    const limited = await session.run('SELECT k, c, count(*) FROM t GROUP BY k, c PER PARTITION LIMIT 2 LIMIT 5');
    expect(limited.rows.map((r) => `${String(r.k)}/${String(r.c)}`)).toEqual(['1/1', '1/2', '2/1', '2/2', '4/1']);
    const seen: string[] = [];
    let pagingState: Buffer | null = null;
    do {
      const page: Awaited<ReturnType<Session['run']>> = await session.run(
        'SELECT k, c, count(*) FROM t GROUP BY k, c PER PARTITION LIMIT 2',
        [],
        { pageSize: 3, pagingState },
      );
      expect(page.rows.length).toBeLessThanOrEqual(3);
      seen.push(...page.rows.map((r) => `${String(r.k)}/${String(r.c)}:${String(r.count)}`));
      pagingState = page.pagingState;
    } while (pagingState);
    expect(seen).toEqual(['1/1:2', '1/2:2', '2/1:2', '2/2:2', '4/1:1', '3/1:2', '3/2:2']);
  });

  it('refuses GROUP BY as Cassandra does', async () => {
    const msg = async (q: string) => (await session.failure(q)).message;
    expect(await msg('SELECT count(*) FROM t GROUP BY v')).toBe(
      'Group by is currently only supported on the columns of the PRIMARY KEY, got v',
    );
    expect(await msg('SELECT count(*) FROM t GROUP BY k, d')).toBe(
      'Group by currently only support groups of columns following their declared order in the PRIMARY KEY',
    );
    const ok = await session.run('SELECT d, count(*) FROM t WHERE k = 1 AND c = 2 GROUP BY k, d');
    expect(ok.rows).toHaveLength(2);
    await session.run('CREATE TABLE p (a int, b int, c int, PRIMARY KEY ((a, b), c))');
    expect(await msg('SELECT count(*) FROM p GROUP BY a')).toBe(
      'Group by is not supported on only a part of the partition key',
    );
  });

  it('PER PARTITION LIMIT on plain selects, across pages', async () => {
    const r = await session.run('SELECT k, c, d FROM t PER PARTITION LIMIT 2');
    expect(r.rows.map((x) => `${String(x.k)}/${String(x.c)}/${String(x.d)}`)).toEqual([
      '1/1/1',
      '1/1/2',
      '2/1/1',
      '2/1/2',
      '4/1/1',
      '3/1/1',
      '3/1/2',
    ]);
    const seen: string[] = [];
    let pagingState: Buffer | null = null;
    do {
      const page: Awaited<ReturnType<Session['run']>> = await session.run(
        'SELECT k, c, d FROM t PER PARTITION LIMIT ? LIMIT ?',
        [3, 6],
        { pageSize: 2, pagingState },
      );
      seen.push(...page.rows.map((x) => `${String(x.k)}/${String(x.c)}/${String(x.d)}`));
      pagingState = page.pagingState;
    } while (pagingState);
    expect(seen).toEqual(['1/1/1', '1/1/2', '1/2/1', '2/1/1', '2/1/2', '2/2/1']);
    // A page that fills on a partition's last allowed row ends when the next partition starts.
    const again: string[] = [];
    pagingState = null;
    do {
      const page: Awaited<ReturnType<Session['run']>> = await session.run(
        'SELECT k, c, d FROM t PER PARTITION LIMIT 2',
        [],
        { pageSize: 2, pagingState },
      );
      again.push(...page.rows.map((x) => `${String(x.k)}/${String(x.c)}/${String(x.d)}`));
      pagingState = page.pagingState;
    } while (pagingState);
    expect(again).toEqual(['1/1/1', '1/1/2', '2/1/1', '2/1/2', '4/1/1', '3/1/1', '3/1/2']);
    expect((await session.failure('SELECT DISTINCT k FROM t PER PARTITION LIMIT 1')).message).toBe(
      'PER PARTITION LIMIT is not allowed with SELECT DISTINCT queries',
    );
    expect((await session.failure('SELECT k FROM t PER PARTITION LIMIT 0')).message).toBe(
      'PER PARTITION LIMIT must be strictly positive',
    );
  });
});
