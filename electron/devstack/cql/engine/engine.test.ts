// Engine behaviour through its CqlEngine interface, with values encoded/decoded by the real driver codec.
import cassandra from 'cassandra-driver';
import { describe, expect, it } from 'vitest';
import { murmur3Token } from './murmur3';
import { encode, openSession, simpleKeyspace, type Session } from './testSupport';

const { types } = cassandra;
const int = { kind: 'native', name: 'int' } as const;

async function withTable(ddl: string, clock?: { now(): number }): Promise<Session> {
  const s = await openSession(clock ? { clock } : {});
  await s.run(simpleKeyspace('ks'));
  await s.run('USE ks');
  await s.run(ddl);
  return s;
}

describe('CQL engine: schema', () => {
  it('reports tables through system_schema the way drivers read them, and bumps schema_version on DDL', async () => {
    const s = await openSession();
    const version = async () =>
      String((await s.run("SELECT schema_version FROM system.local WHERE key='local'")).rows[0]?.schema_version);
    const before = await version();
    await s.run(simpleKeyspace('app'));
    await s.run(
      'CREATE TABLE app.events (tenant text, day date, at timestamp, seq int, body text, tags set<text>, ' +
        'PRIMARY KEY ((tenant, day), at, seq)) WITH CLUSTERING ORDER BY (at DESC, seq ASC)',
    );
    expect(await version()).not.toBe(before);
    const ks = await s.run("SELECT * FROM system_schema.keyspaces where keyspace_name = 'app'");
    expect(ks.rows[0]).toMatchObject({
      durable_writes: true,
      replication: { class: 'org.apache.cassandra.locator.SimpleStrategy', replication_factor: '1' },
    });
    const table = await s.run("SELECT * FROM system_schema.tables WHERE keyspace_name='app' AND table_name='events'");
    expect(table.rows[0]?.flags).toEqual(['compound']);
    const cols = await s.run("SELECT * FROM system_schema.columns WHERE keyspace_name='app' AND table_name='events'");
    const byName = Object.fromEntries(
      cols.rows.map((r) => [r.column_name, [r.kind, r.position, r.clustering_order, r.type]]),
    );
    expect(byName).toEqual({
      tenant: ['partition_key', 0, 'none', 'text'],
      day: ['partition_key', 1, 'none', 'date'],
      at: ['clustering', 0, 'desc', 'timestamp'],
      seq: ['clustering', 1, 'asc', 'int'],
      body: ['regular', -1, 'none', 'text'],
      tags: ['regular', -1, 'none', 'set<text>'],
    });
    const all = (await s.run('SELECT keyspace_name FROM system_schema.keyspaces')).rows.map((r) => r.keyspace_name);
    expect(all).toEqual(
      expect.arrayContaining(['system', 'system_schema', 'system_auth', 'system_distributed', 'system_traces', 'app']),
    );
    expect((await s.run('SELECT * FROM system.peers')).rows).toEqual([]);
    expect((await s.run('SELECT * FROM system.peers_v2')).names).toContain('native_address');
    expect((await s.run('SELECT * FROM system_virtual_schema.keyspaces')).rows.length).toBeGreaterThan(0);
  });

  it('answers DDL errors with Cassandra codes, and IF [NOT] EXISTS quietly', async () => {
    const s = await withTable('CREATE TABLE t (k int PRIMARY KEY, v text)');
    expect(await s.failure(simpleKeyspace('ks'))).toMatchObject({ code: 0x2400, keyspace: 'ks', table: '' });
    expect(await s.failure('CREATE TABLE t (k int PRIMARY KEY)')).toMatchObject({
      code: 0x2400,
      keyspace: 'ks',
      table: 't',
    });
    expect((await s.run('CREATE TABLE IF NOT EXISTS t (k int PRIMARY KEY)')).result.kind).toBe('void');
    expect(await s.failure('SELECT * FROM missing')).toMatchObject({
      code: 0x2200,
      message: 'unconfigured table missing',
    });
    expect(await s.failure('SELEKT 1')).toMatchObject({ code: 0x2000 });
    expect(
      await s.failure(
        'CREATE FUNCTION f (a int) RETURNS NULL ON NULL INPUT RETURNS int LANGUAGE java AS $$ return a; $$',
      ),
    ).toMatchObject({
      code: 0x2200,
      message: expect.stringContaining('CREATE FUNCTION'),
    });
    expect(await s.failure("CREATE KEYSPACE x WITH replication = {'class': 'Nope'}")).toMatchObject({ code: 0x2300 });
    expect((await s.run('DROP TABLE t')).result).toMatchObject({
      kind: 'schemaChange',
      change: { type: 'DROPPED', target: 'TABLE' },
    });
    expect((await s.run('DROP TABLE IF EXISTS t')).result.kind).toBe('void');
  });
});

describe('CQL engine: reads and writes', () => {
  it('upserts by primary key: the newest write timestamp wins and rewriting a row is idempotent', async () => {
    const s = await withTable('CREATE TABLE kv (k int PRIMARY KEY, v text)');
    await s.run('INSERT INTO kv (k, v) VALUES (1, ?) USING TIMESTAMP 100', ['new']);
    await s.run('INSERT INTO kv (k, v) VALUES (1, ?) USING TIMESTAMP 50', ['old']);
    await s.run('INSERT INTO kv (k, v) VALUES (1, ?) USING TIMESTAMP 100', ['new']);
    expect((await s.run('SELECT v, writetime(v) FROM kv WHERE k = 1')).rows).toEqual([
      { v: 'new', 'writetime(v)': types.Long.fromNumber(100) },
    ]);
    expect(String((await s.run('SELECT COUNT(*) FROM kv')).rows[0]?.count)).toBe('1');
  });

  it('keeps clustering order, serves slices, IN, ORDER BY and LIMIT', async () => {
    const s = await withTable(
      'CREATE TABLE c (k text, c int, v text, PRIMARY KEY (k, c)) WITH CLUSTERING ORDER BY (c DESC)',
    );
    for (const c of [3, 1, 5, 2, 4]) await s.run('INSERT INTO c (k, c, v) VALUES (?, ?, ?)', ['a', c, `v${c}`]);
    await s.run("INSERT INTO c (k, c, v) VALUES ('b', 1, 'b1')");
    const cs = async (q: string, p: unknown[] = []) => (await s.run(q, p)).rows.map((r) => r.c);
    expect(await cs("SELECT c FROM c WHERE k = 'a'")).toEqual([5, 4, 3, 2, 1]);
    expect(await cs("SELECT c FROM c WHERE k = 'a' AND c > 1 AND c <= 4")).toEqual([4, 3, 2]);
    expect(await cs("SELECT c FROM c WHERE k = 'a' ORDER BY c ASC LIMIT 2")).toEqual([1, 2]);
    expect(await cs('SELECT c FROM c WHERE k IN ? AND c = 1', [['a', 'b']])).toEqual([1, 1]);
    expect(await cs("SELECT c FROM c WHERE k = 'a' AND c IN (2, 4)")).toEqual([4, 2]);
    expect((await s.failure("SELECT c FROM c WHERE v = 'v1'")).message).toContain('ALLOW FILTERING');
    expect(await cs("SELECT c FROM c WHERE v = 'v1' ALLOW FILTERING")).toEqual([1]);
    expect((await s.failure('SELECT c FROM c ORDER BY c ASC')).message).toContain('ORDER BY is only supported');
  });

  it('updates and deletes cells, rows, partitions and collections', async () => {
    const s = await withTable(
      'CREATE TABLE u (k int, c int, v text, l list<int>, st set<text>, m map<text, int>, PRIMARY KEY (k, c))',
    );
    await s.run("INSERT INTO u (k, c, v, l, st, m) VALUES (1, 1, 'x', [1], {'b'}, {'a': 1})");
    await s.run("UPDATE u SET l = l + [2], st = st + {'a'}, m['z'] = 26, v = null WHERE k = 1 AND c = 1");
    await s.run('UPDATE u SET l = [0] + l WHERE k = 1 AND c = 1');
    expect((await s.run('SELECT v, l, st, m FROM u WHERE k = 1 AND c = 1')).rows[0]).toEqual({
      v: null,
      l: [0, 1, 2],
      st: ['a', 'b'],
      m: { a: 1, z: 26 },
    });
    await s.run("UPDATE u SET st = st - {'b'}, m = m - {'a'} WHERE k = 1 AND c = 1");
    expect((await s.run('SELECT st, m FROM u WHERE k = 1 AND c = 1')).rows[0]).toEqual({ st: ['a'], m: { z: 26 } });
    await s.run('INSERT INTO u (k, c) VALUES (1, 2)');
    await s.run('INSERT INTO u (k, c) VALUES (2, 1)');
    await s.run('DELETE FROM u WHERE k = 1 AND c = 1');
    expect((await s.run('SELECT k, c FROM u WHERE k = 1')).rows).toEqual([{ k: 1, c: 2 }]);
    await s.run('DELETE FROM u WHERE k = 1');
    expect((await s.run('SELECT k, c FROM u')).rows).toEqual([{ k: 2, c: 1 }]);
    await s.run('TRUNCATE u');
    expect((await s.run('SELECT * FROM u')).rows).toEqual([]);
  });

  it('scans in token order and pages through every row exactly once', async () => {
    const s = await withTable('CREATE TABLE p (id int, c int, PRIMARY KEY (id, c))');
    for (let i = 0; i < 300; i++) await s.run('INSERT INTO p (id, c) VALUES (?, ?)', [i % 150, Math.floor(i / 150)]);
    const seen: string[] = [];
    const tokens: bigint[] = [];
    let pagingState: Buffer | null = null;
    let pages = 0;
    do {
      const page: Awaited<ReturnType<Session['run']>> = await s.run('SELECT id, c, token(id) FROM p', [], {
        pageSize: 7,
        pagingState,
      });
      expect(page.rows.length).toBeLessThanOrEqual(7);
      for (const r of page.rows) {
        seen.push(`${r.id}/${r.c}`);
        tokens.push(BigInt(String(r['system.token(id)'])));
      }
      pagingState = page.pagingState;
      pages++;
    } while (pagingState);
    expect(pages).toBe(Math.ceil(300 / 7));
    expect(new Set(seen).size).toBe(300);
    expect(tokens).toEqual([...tokens].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
    expect(tokens[0]).toBe(murmur3Token(encode(Number(seen[0]?.split('/')[0]), int)));
    // token() ranges split the ring without overlap.
    const low = await s.run('SELECT id FROM p WHERE token(id) <= 0');
    const high = await s.run('SELECT id FROM p WHERE token(id) > ?', [types.Long.fromNumber(0)]);
    expect(low.rows.length + high.rows.length).toBe(300);
    // LIMIT holds across pages.
    const limited = await s.run('SELECT id FROM p LIMIT 10', [], { pageSize: 4 });
    const rest = await s.run('SELECT id FROM p LIMIT 10', [], { pageSize: 100, pagingState: limited.pagingState });
    expect(limited.rows.length + rest.rows.length).toBe(10);
    expect(rest.pagingState).toBeNull();
  });

  it('answers DISTINCT partition keys and COUNT(*) with filters and LIMIT', async () => {
    const s = await withTable('CREATE TABLE d (k int, c int, v text, PRIMARY KEY (k, c))');
    for (let i = 0; i < 20; i++)
      await s.run('INSERT INTO d (k, c, v) VALUES (?, ?, ?)', [i % 5, i, i % 2 ? 'odd' : 'even']);
    const first = await s.run('SELECT DISTINCT k FROM d', [], { pageSize: 2 });
    const rest = await s.run('SELECT DISTINCT k FROM d', [], { pageSize: 10, pagingState: first.pagingState });
    expect([...first.rows, ...rest.rows].map((r) => r.k).sort()).toEqual([0, 1, 2, 3, 4]);
    const count = async (q: string) => String((await s.run(q)).rows[0]?.count);
    expect(await count('SELECT COUNT(*) FROM d')).toBe('20');
    expect(await count("SELECT COUNT(*) FROM d WHERE v = 'odd' ALLOW FILTERING")).toBe('10');
    expect(await count('SELECT COUNT(*) FROM d WHERE k = 1')).toBe('4');
    expect(await count('SELECT COUNT(*) FROM d LIMIT 7')).toBe('7');
  });

  it('expires TTL cells and rows by the injected clock', async () => {
    let now = Date.UTC(2024, 0, 1);
    const s = await withTable('CREATE TABLE t (k int PRIMARY KEY, v text, w text)', { now: () => now });
    await s.run("INSERT INTO t (k, v) VALUES (1, 'short') USING TTL 10");
    await s.run("INSERT INTO t (k, v) VALUES (2, 'stays')");
    await s.run("UPDATE t USING TTL 100 SET w = 'later' WHERE k = 2");
    expect((await s.run('SELECT ttl(v) FROM t WHERE k = 1')).rows[0]).toEqual({ 'ttl(v)': 10 });
    now += 9_000;
    expect((await s.run('SELECT k FROM t')).rows.length).toBe(2);
    now += 2_000;
    expect((await s.run('SELECT k, w FROM t')).rows).toEqual([{ k: 2, w: 'later' }]);
    now += 100_000;
    expect((await s.run('SELECT k, w FROM t')).rows).toEqual([{ k: 2, w: null }]);
  });

  it('answers lightweight transactions with [applied] and the current values', async () => {
    const s = await withTable('CREATE TABLE l (id int PRIMARY KEY, v text)');
    const first = await s.run('INSERT INTO l (id, v) VALUES (?, ?) IF NOT EXISTS', [1, 'a']);
    expect(first.rows).toEqual([{ '[applied]': true }]);
    const second = await s.run('INSERT INTO l (id, v) VALUES (?, ?) IF NOT EXISTS', [1, 'b']);
    expect(second.rows).toEqual([{ '[applied]': false, id: 1, v: 'a' }]);
    expect((await s.run("UPDATE l SET v = 'z' WHERE id = 2 IF EXISTS")).rows).toEqual([{ '[applied]': false }]);
    expect((await s.run("UPDATE l SET v = 'c' WHERE id = 1 IF v = 'x'")).rows).toEqual([
      { '[applied]': false, v: 'a' },
    ]);
    expect((await s.run("UPDATE l SET v = 'c' WHERE id = 1 IF v = 'a'")).rows).toEqual([{ '[applied]': true }]);
    expect((await s.run('DELETE FROM l WHERE id = 1 IF EXISTS')).rows).toEqual([{ '[applied]': true }]);
    expect((await s.run('SELECT * FROM l')).rows).toEqual([]);
  });

  it('prepares with marker metadata and routing indexes, and answers unknown ids with UNPREPARED', async () => {
    const s = await withTable('CREATE TABLE r (a int, b text, c int, v text, PRIMARY KEY ((a, b), c))');
    const p = s.engine.prepare('INSERT INTO r (v, c, b, a) VALUES (?, ?, :bee, ?) USING TTL ?', 'ks');
    if (!p.ok) throw new Error(p.error.message);
    expect(p.value.bindMarkers.map((m) => m.name)).toEqual(['v', 'c', 'bee', 'a', '[ttl]']);
    expect(p.value.partitionKeyIndexes).toEqual([3, 2]);
    const sel = s.engine.prepare('SELECT v FROM r WHERE a = ? AND b = ? LIMIT ?', 'ks');
    expect(sel.ok && sel.value.resultColumns?.map((c) => c.name)).toEqual(['v']);
    expect(sel.ok && sel.value.bindMarkers.map((m) => m.name)).toEqual(['a', 'b', '[limit]']);
    const missing = await s.engine.execute(Buffer.alloc(16, 7), [], {
      sessionKeyspace: 'ks',
      consistency: 1,
      serialConsistency: null,
      pageSize: null,
      pagingState: null,
      defaultTimestamp: null,
      skipMetadata: false,
    });
    expect(missing).toMatchObject({ ok: false, error: { code: 0x2500 } });
    expect(await s.failure('INSERT INTO r (a, b, c) VALUES (?, ?, ?)', [1, null, 1])).toMatchObject({ code: 0x2200 });
  });

  it('re-binds a prepared statement when its table was dropped and created again', async () => {
    const s = await withTable('CREATE TABLE re (k int PRIMARY KEY, v text)');
    await s.run('INSERT INTO re (k, v) VALUES (?, ?)', [1, 'before']);
    await s.run('DROP TABLE re');
    await s.run('CREATE TABLE re (k int PRIMARY KEY, a int, v text)');
    // Same query string, so the same prepared id: it must now write into the new table.
    await s.run('INSERT INTO re (k, v) VALUES (?, ?)', [2, 'after']);
    expect((await s.run('SELECT k, a, v FROM re')).rows).toEqual([{ k: 2, a: null, v: 'after' }]);
  });

  it('runs batches atomically from the caller view: all statements or none', async () => {
    const s = await withTable('CREATE TABLE b (id int PRIMARY KEY, v text)');
    const ok = await s.engine.batch(
      'logged',
      [
        { query: "INSERT INTO b (id, v) VALUES (1, 'a')", values: [] },
        { query: 'INSERT INTO b (id, v) VALUES (?, ?)', values: [encode(2, int), Buffer.from('b')] },
      ],
      {
        sessionKeyspace: 'ks',
        consistency: 1,
        serialConsistency: null,
        pageSize: null,
        pagingState: null,
        defaultTimestamp: null,
        skipMetadata: false,
      },
    );
    expect(ok).toEqual({ ok: true, value: { kind: 'void' } });
    const bad = await s.engine.batch(
      'unlogged',
      [
        { query: "INSERT INTO b (id, v) VALUES (3, 'c')", values: [] },
        { query: 'INSERT INTO missing (id) VALUES (4)', values: [] },
      ],
      {
        sessionKeyspace: 'ks',
        consistency: 1,
        serialConsistency: null,
        pageSize: null,
        pagingState: null,
        defaultTimestamp: null,
        skipMetadata: false,
      },
    );
    expect(bad).toMatchObject({ ok: false, error: { code: 0x2200 } });
    await s.run("BEGIN BATCH INSERT INTO b (id, v) VALUES (5, 'e'); DELETE FROM b WHERE id = 1; APPLY BATCH");
    expect((await s.run('SELECT id FROM b')).rows.map((r) => r.id).sort()).toEqual([2, 5]);
    await s.run(
      'BEGIN UNLOGGED BATCH USING TIMESTAMP ? INSERT INTO b (id, v) VALUES (?, ?); UPDATE b SET v = ? WHERE id = ? APPLY BATCH',
      [types.Long.fromNumber(1), 7, 'g', 'old', 2],
    );
    // The batch's timestamp (1 µs) is older than the earlier writes, so the update of row 2 loses.
    expect((await s.run('SELECT id, v FROM b')).rows.map((r) => `${r.id}=${r.v}`).sort()).toEqual([
      '2=b',
      '5=e',
      '7=g',
    ]);
  });
});
