import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import cassandra from 'cassandra-driver';
import { openSession, simpleKeyspace, type Session } from './testSupport';

let session: Session;

beforeEach(async () => {
  session = await openSession({ releaseVersion: '5.0.2' });
  await session.run(simpleKeyspace('ks'));
  await session.run('USE ks');
  await session.run(
    'CREATE TABLE t (k int, c int, v int, ts timestamp, u timeuuid, d date, b blob, s text, PRIMARY KEY (k, c))',
  );
});
afterEach(() => session.engine.close());

describe('native scalar functions', () => {
  it('names result columns as Cassandra does and evaluates time functions', async () => {
    await session.run(
      "INSERT INTO t (k, c, v, ts, u, d) VALUES (1, 1, 7, '2020-03-04 05:06:07.089+0000', now(), '2020-03-04')",
    );
    const before = Date.now();
    const r = await session.run(
      'SELECT now(), toTimestamp(now()) AS t, toDate(ts), toUnixTimestamp(ts), toTimestamp(d), currentDate(), ' +
        'current_timestamp(), writetime(v), token(k), uuid() FROM t WHERE k = 1',
    );
    expect(r.names).toEqual([
      'system.now()',
      't',
      'system.todate(ts)',
      'system.tounixtimestamp(ts)',
      'system.totimestamp(d)',
      'system.currentdate()',
      'system.current_timestamp()',
      'writetime(v)',
      'system.token(k)',
      'system.uuid()',
    ]);
    const row = r.rows[0] as Record<string, unknown>;
    expect(row['system.now()']).toBeInstanceOf(cassandra.types.TimeUuid);
    expect((row.t as Date).getTime()).toBeGreaterThanOrEqual(before - 1);
    expect(String(row['system.todate(ts)'])).toBe('2020-03-04');
    expect(String(row['system.tounixtimestamp(ts)'])).toBe(String(Date.UTC(2020, 2, 4, 5, 6, 7, 89)));
    expect((row['system.totimestamp(d)'] as Date).toISOString()).toBe('2020-03-04T00:00:00.000Z');
    expect(row['system.uuid()']).toBeInstanceOf(cassandra.types.Uuid);
  });

  it('takes function calls as values in INSERT, UPDATE and WHERE, with bind markers typed by the argument', async () => {
    await session.run('INSERT INTO t (k, c, b, ts) VALUES (?, 1, intAsBlob(?), currentTimestamp())', [2, 258]);
    await session.run(
      "UPDATE t SET s = blobAsText(0x6869), u = maxTimeuuid('2021-01-01 00:00:00+0000') WHERE k = blobAsInt(0x00000002) AND c = 1",
    );
    const r = await session.run('SELECT blobAsInt(b), s, toTimestamp(u) FROM t WHERE k = 2');
    expect(r.rows[0]).toMatchObject({ 'system.blobasint(b)': 258, s: 'hi' });
    expect((r.rows[0]?.['system.totimestamp(u)'] as Date).toISOString()).toBe('2021-01-01T00:00:00.000Z');
    const p = session.engine.prepare('INSERT INTO t (k, c, b) VALUES (0, 0, intAsBlob(?))', 'ks');
    expect(p.ok && p.value.bindMarkers[0]).toMatchObject({ name: 'arg0(system.intasblob)', type: { name: 'int' } });
    const u = await session.run(
      "SELECT k FROM t WHERE k = 2 AND c = 1 AND u > minTimeuuid('2020-12-31 00:00:00+0000') ALLOW FILTERING",
    );
    expect(u.rows).toHaveLength(1);
  });

  it('gives writetime and ttl of a non-frozen collection per element, as 5.0 does', async () => {
    await session.run('CREATE TABLE c (k int PRIMARY KEY, l list<int>, f frozen<list<int>>)');
    await session.run('INSERT INTO c (k, l, f) VALUES (1, [1, 2, 3], [4]) USING TIMESTAMP 1234 AND TTL 100');
    const r = await session.run('SELECT writetime(l), ttl(l), writetime(f) FROM c WHERE k = 1');
    expect(r.result.kind === 'rows' && r.result.columns.map((c) => c.type)).toMatchObject([
      { kind: 'list', element: { name: 'bigint' } },
      { kind: 'list', element: { name: 'int' } },
      { kind: 'native', name: 'bigint' },
    ]);
    expect((r.rows[0]?.['writetime(l)'] as unknown[]).map(String)).toEqual(['1234', '1234', '1234']);
    expect(r.rows[0]?.['ttl(l)']).toHaveLength(3);
    expect(String(r.rows[0]?.['writetime(f)'])).toBe('1234');
  });

  it("has 5.0's collection functions", async () => {
    await session.run('CREATE TABLE c (k int PRIMARY KEY, m map<text, int>, l list<int>, s set<double>)');
    await session.run("INSERT INTO c (k, m, l, s) VALUES (1, {'b': 2, 'a': 1}, [5, 2, 9, 3], {1.5, 2.5})");
    const r = await session.run(
      'SELECT map_keys(m), map_values(m), collection_count(l), collection_min(l), collection_max(l), ' +
        'collection_sum(l), collection_avg(l), collection_avg(s) FROM c WHERE k = 1',
    );
    expect(r.names).toEqual([
      'system.map_keys(m)',
      'system.map_values(m)',
      'system.collection_count(l)',
      'system.collection_min(l)',
      'system.collection_max(l)',
      'system.collection_sum(l)',
      'system.collection_avg(l)',
      'system.collection_avg(s)',
    ]);
    expect(r.rows[0]).toEqual({
      'system.map_keys(m)': ['a', 'b'],
      'system.map_values(m)': [1, 2],
      'system.collection_count(l)': 4,
      'system.collection_min(l)': 2,
      'system.collection_max(l)': 9,
      'system.collection_sum(l)': 19,
      'system.collection_avg(l)': 4,
      'system.collection_avg(s)': 2,
    });
  });

  it('behaves as 4.1 when the node is 4.1: no snake_case or collection functions, dateOf, no writetime of a collection', async () => {
    const old = await openSession();
    await old.run(simpleKeyspace('ks'));
    await old.run('CREATE TABLE ks.c (k int PRIMARY KEY, l list<int>, u timeuuid)');
    await old.run('INSERT INTO ks.c (k, l, u) VALUES (1, [1], now())');
    expect((await old.failure('SELECT current_timestamp() FROM ks.c')).message).toBe(
      "Unknown function 'current_timestamp'",
    );
    expect((await old.failure('SELECT map_keys(l) FROM ks.c')).message).toBe("Unknown function 'map_keys'");
    expect((await old.failure('SELECT writetime(l) FROM ks.c')).message).toBe(
      'Cannot use selection function writeTime on non-frozen collection l',
    );
    expect((await old.run('SELECT dateOf(u) FROM ks.c')).names).toEqual(['system.dateof(u)']);
    expect((await session.failure('SELECT dateOf(u) FROM t')).message).toBe("Unknown function 'dateof'");
    await old.engine.close();
  });

  it('computes arithmetic in selections with Cassandra result types and names', async () => {
    await session.run("INSERT INTO t (k, c, v, s) VALUES (7, 2, 10, 'x')");
    await session.run('CREATE TABLE n (k int PRIMARY KEY, i int, b bigint, d double, x decimal, t tinyint)');
    await session.run('INSERT INTO n (k, i, b, d, x, t) VALUES (1, 7, 3, 0.5, 1.50, 127)');
    const r = await session.run(
      'SELECT i + 1, i - b, i * d, -i, (i + b) * 2, i / 2, i % 4, x / 3, t + t, i + x FROM n WHERE k = 1',
    );
    expect(r.names).toEqual([
      'i + 1',
      'i - b',
      'i * d',
      '-i',
      '(i + b) * 2',
      'i / 2',
      'i % 4',
      'x / 3',
      't + t',
      'i + x',
    ]);
    expect(
      r.result.kind === 'rows' && r.result.columns.map((c) => (c.type.kind === 'native' ? c.type.name : '')),
    ).toEqual(['int', 'bigint', 'double', 'int', 'bigint', 'int', 'int', 'decimal', 'tinyint', 'decimal']);
    expect(Object.values(r.rows[0] ?? {}).map(String)).toEqual([
      '8',
      '4',
      '3.5',
      '-7',
      '20',
      '3',
      '3',
      '0.50',
      '-2',
      '8.50',
    ]);
    expect((await session.failure('SELECT i / 0 FROM n')).message).toBe("the operation 'int / int' failed: / by zero");
  });

  it('takes token(...) on the right of a token relation, its markers typed as the partition key', async () => {
    for (const k of [1, 2, 3, 4]) await session.run(`INSERT INTO t (k, c) VALUES (${k}, 0)`);
    const r = await session.run('SELECT k FROM t WHERE token(k) > token(1)');
    expect(r.rows.map((x) => x.k)).toEqual([2, 4, 3]);
    const p = await session.run('SELECT k FROM t WHERE token(k) >= token(?) AND token(k) <= token(?)', [4, 3]);
    expect(p.rows.map((x) => x.k)).toEqual([4, 3]);
    const prepared = session.engine.prepare('SELECT k FROM t WHERE token(k) > token(?)', 'ks');
    expect(prepared.ok && prepared.value.bindMarkers[0]).toMatchObject({ name: 'k', type: { name: 'int' } });
  });

  it('casts as CAST allows, naming cast(x as type), and refuses the rest with Cassandra words', async () => {
    await session.run("INSERT INTO t (k, c, v, ts) VALUES (3, 1, 42, '2020-01-02 03:04:05+0000')");
    const r = await session.run(
      'SELECT CAST(v AS text), CAST(v AS double), CAST(v AS int), CAST(ts AS date), CAST(ts AS text), CAST(v AS varint) FROM t WHERE k = 3',
    );
    expect(r.names).toEqual([
      'cast(v as text)',
      'cast(v as double)',
      'v',
      'cast(ts as date)',
      'cast(ts as text)',
      'cast(v as varint)',
    ]);
    expect(r.rows[0]).toMatchObject({ 'cast(v as text)': '42', 'cast(v as double)': 42, v: 42 });
    expect(String(r.rows[0]?.['cast(ts as date)'])).toBe('2020-01-02');
    expect(r.rows[0]?.['cast(ts as text)']).toBe('2020-01-02T03:04:05.000Z');
    expect((await session.failure('SELECT CAST(s AS int) FROM t')).message).toBe('s cannot be cast to int');
  });

  it('words bad calls as Cassandra does', async () => {
    const msg = async (q: string) => (await session.failure(q)).message;
    expect(await msg('SELECT foo(v) FROM t')).toBe("Unknown function 'foo'");
    expect(await msg('INSERT INTO t (k, c, v) VALUES (1, 1, foo())')).toBe('Unknown function foo called');
    expect(await msg('SELECT blobAsInt(v) FROM t')).toBe(
      'Type error: v cannot be passed as argument 0 of function system.blobasint of type blob',
    );
    expect(await msg('SELECT intAsBlob(v, v) FROM t')).toBe(
      'Invalid number of arguments in call to function system.intasblob: 1 required but 2 provided',
    );
    expect(await msg('INSERT INTO t (k, c, v) VALUES (1, 1, now())')).toBe(
      'Type error: cannot assign result of function system.now (type timeuuid) to v (type int)',
    );
    await session.run('INSERT INTO t (k, c) VALUES (9, 9)');
    expect(await msg('SELECT blobAsInt(0x01) FROM t')).toBe(
      'In call to function system.blobasint, value 0x01 is not a valid binary representation for type int',
    );
    expect(await msg('SELECT toDate(v) FROM t')).toMatch(
      /^Invalid call to function system.todate, none of its type signatures match/,
    );
    expect(await msg('SELECT writetime(k) FROM t')).toBe(
      'Cannot use selection function writeTime on PRIMARY KEY part k',
    );
  });
});
