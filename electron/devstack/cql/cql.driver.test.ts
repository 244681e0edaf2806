// The whole store (wire server + real engine) through the real cassandra-driver over TCP: connect, metadata, every
// type, prepared statements and batches, paging, LWT, TTL and auth. Each test uses its own keyspace.
import cassandra from 'cassandra-driver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCqlServer, type CqlServer } from './index';

const { types } = cassandra;
let server: CqlServer;
let client: cassandra.Client;
let ksCounter = 0;

beforeAll(async () => {
  server = await createCqlServer({ port: 0 });
  client = new cassandra.Client({ contactPoints: [`127.0.0.1:${server.port}`], localDataCenter: 'datacenter1' });
  await client.connect();
});

afterAll(async () => {
  await client?.shutdown();
  await server?.close();
});

async function keyspace(): Promise<string> {
  const ks = `drv_${process.pid}_${++ksCounter}`;
  await client.execute(`CREATE KEYSPACE ${ks} WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}`);
  return ks;
}

describe('CQL store with cassandra-driver', () => {
  it('connects with default options and reports one local host in datacenter1', async () => {
    const hosts = client.hosts.values();
    expect(hosts).toHaveLength(1);
    expect(hosts[0]?.datacenter).toBe('datacenter1');
    expect(hosts[0]?.rack).toBe('rack1');
    expect(hosts[0]?.cassandraVersion).toMatch(/^5\.0\./);
    const local = await client.execute("SELECT * FROM system.local WHERE key='local'");
    expect(local.first().get('rpc_address').toString()).toBe('127.0.0.1');
    expect(String(local.first().get('partitioner'))).toContain('Murmur3Partitioner');
    const peers = await client.execute('SELECT * FROM system.peers');
    expect(peers.rowLength).toBe(0);
  });

  it('exposes keyspaces and tables through client.metadata', async () => {
    const ks = await keyspace();
    await client.execute(
      `CREATE TABLE ${ks}.events (tenant text, day date, at timestamp, seq int, body text, tags set<text>, ` +
        `PRIMARY KEY ((tenant, day), at, seq)) WITH CLUSTERING ORDER BY (at DESC, seq ASC)`,
    );
    expect(Object.keys(client.metadata.keyspaces)).toEqual(expect.arrayContaining(['system', 'system_schema', ks]));
    const table = await client.metadata.getTable(ks, 'events');
    expect(table).not.toBeNull();
    expect(table?.partitionKeys.map((c) => c.name)).toEqual(['tenant', 'day']);
    expect(table?.clusteringKeys.map((c) => c.name)).toEqual(['at', 'seq']);
    expect(table?.clusteringOrder).toEqual(['DESC', 'ASC']);
    expect(table?.columns.map((c) => c.name).sort()).toEqual(['at', 'body', 'day', 'seq', 'tags', 'tenant']);
    expect(table?.columnsByName.tags?.type.code).toBe(types.dataTypes.set);
  });

  it('round-trips every type through prepared INSERT and SELECT', async () => {
    const ks = await keyspace();
    await client.execute(
      `CREATE TABLE ${ks}.all_types (id uuid PRIMARY KEY, tu timeuuid, t text, vc varchar, a ascii, i int, bi bigint, ` +
        `si smallint, ti tinyint, vi varint, b boolean, f float, d double, dec decimal, ts timestamp, dt date, tm time, ` +
        `bl blob, ip inet, li list<int>, st set<text>, mp map<text, int>, fl frozen<list<text>>)`,
    );
    const row = {
      id: types.Uuid.random(),
      tu: types.TimeUuid.now(),
      t: 'tëxt ✓',
      vc: 'varchar',
      a: 'ascii',
      i: -123456,
      bi: types.Long.fromString('-9007199254740993'),
      si: -32768,
      ti: 127,
      vi: types.Integer.fromString('123456789012345678901234567890'),
      b: true,
      f: 1.5,
      d: Math.PI,
      dec: types.BigDecimal.fromString('-12345.6789'),
      ts: new Date('2024-02-29T12:34:56.789Z'),
      dt: types.LocalDate.fromString('2024-02-29'),
      tm: types.LocalTime.fromString('23:59:59.123456789'),
      bl: Buffer.from([0, 1, 2, 255]),
      ip: types.InetAddress.fromString('::1'),
      li: [3, 1, 2],
      st: ['b', 'a'],
      mp: { x: 1, y: 2 },
      fl: ['p', 'q'],
    };
    const columns = Object.keys(row);
    await client.execute(
      `INSERT INTO ${ks}.all_types (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`,
      Object.values(row),
      { prepare: true },
    );
    const back = (
      await client.execute(`SELECT * FROM ${ks}.all_types WHERE id = ?`, [row.id], { prepare: true })
    ).first();
    for (const column of columns) {
      const value = back.get(column);
      const expected = (row as Record<string, unknown>)[column];
      if (column === 'st') expect(value).toEqual(['a', 'b']);
      else if (Array.isArray(expected) || column === 'mp') expect(value).toEqual(expected);
      else if (Buffer.isBuffer(expected)) expect(Buffer.compare(value as Buffer, expected)).toBe(0);
      else expect(String(value)).toBe(String(expected));
    }
  });

  it('round-trips every type written as CQL literals', async () => {
    const ks = await keyspace();
    await client.execute(
      `CREATE TABLE ${ks}.lit (id uuid PRIMARY KEY, tu timeuuid, t text, a ascii, i int, bi bigint, si smallint, ` +
        `ti tinyint, vi varint, b boolean, f float, d double, dec decimal, ts timestamp, dt date, tm time, bl blob, ` +
        `ip inet, li list<int>, st set<text>, mp map<text, int>, fl frozen<list<text>>)`,
    );
    await client.execute(
      `INSERT INTO ${ks}.lit (id, tu, t, a, i, bi, si, ti, vi, b, f, d, dec, ts, dt, tm, bl, ip, li, st, mp, fl) VALUES (` +
        `5b6962dd-3f90-4c93-8f61-eabfa4a803e2, 50554d6e-29bb-11e5-b345-feff819cdc9f, 'it''s', 'abc', -42, ` +
        `9223372036854775807, -32768, -128, 123456789012345678901234567890, true, 1.5, -2.25, 3.14159, ` +
        `'2024-02-29T12:34:56.789Z', '2024-02-29', '13:14:15.123456789', 0xcafe, '10.0.0.1', [1, 2, 3], ` +
        `{'x', 'y'}, {'k': 7}, ['f'])`,
    );
    const row = (await client.execute(`SELECT * FROM ${ks}.lit`)).first();
    expect(String(row.get('id'))).toBe('5b6962dd-3f90-4c93-8f61-eabfa4a803e2');
    expect(String(row.get('tu'))).toBe('50554d6e-29bb-11e5-b345-feff819cdc9f');
    expect(row.get('t')).toBe("it's");
    expect(row.get('a')).toBe('abc');
    expect(row.get('i')).toBe(-42);
    expect(String(row.get('bi'))).toBe('9223372036854775807');
    expect([row.get('si'), row.get('ti')]).toEqual([-32768, -128]);
    expect(String(row.get('vi'))).toBe('123456789012345678901234567890');
    expect([row.get('b'), row.get('f'), row.get('d')]).toEqual([true, 1.5, -2.25]);
    expect(String(row.get('dec'))).toBe('3.14159');
    expect((row.get('ts') as Date).toISOString()).toBe('2024-02-29T12:34:56.789Z');
    expect(String(row.get('dt'))).toBe('2024-02-29');
    expect(String(row.get('tm'))).toBe('13:14:15.123456789');
    expect((row.get('bl') as Buffer).toString('hex')).toBe('cafe');
    expect(String(row.get('ip'))).toBe('10.0.0.1');
    expect([row.get('li'), row.get('st'), row.get('mp'), row.get('fl')]).toEqual([
      [1, 2, 3],
      ['x', 'y'],
      { k: 7 },
      ['f'],
    ]);
  });

  it('pushes SCHEMA_CHANGE events: a second client sees DDL made by the first', async () => {
    const watcher = new cassandra.Client({
      contactPoints: [`127.0.0.1:${server.port}`],
      localDataCenter: 'datacenter1',
    });
    try {
      await watcher.connect();
      const ks = await keyspace();
      await expect.poll(() => Object.keys(watcher.metadata.keyspaces), { timeout: 10_000 }).toContain(ks);
    } finally {
      await watcher.shutdown();
    }
  });

  it('runs DML as literals without bind markers, and UPDATE/DELETE by primary key', async () => {
    const ks = await keyspace();
    await client.execute(`CREATE TABLE ${ks}.kv (k text, c int, v text, PRIMARY KEY (k, c))`);
    await client.execute(`INSERT INTO ${ks}.kv (k, c, v) VALUES ('a', 1, 'one')`);
    await client.execute(`INSERT INTO ${ks}.kv (k, c, v) VALUES ('a', 2, 'two')`);
    await client.execute(`UPDATE ${ks}.kv SET v = 'uno' WHERE k = 'a' AND c = 1`);
    await client.execute(`DELETE FROM ${ks}.kv WHERE k = 'a' AND c = 2`);
    const rows = await client.execute(`SELECT c, v FROM ${ks}.kv WHERE k = 'a'`);
    expect(rows.rows.map((r) => [r.get('c'), r.get('v')])).toEqual([[1, 'uno']]);
    const count = await client.execute(`SELECT COUNT(*) FROM ${ks}.kv`);
    expect(String(count.first().get(0))).toBe('1');
  });

  it('runs logged and unlogged batches of prepared and plain statements', async () => {
    const ks = await keyspace();
    await client.execute(`CREATE TABLE ${ks}.b (id int PRIMARY KEY, v text)`);
    await client.batch(
      [
        { query: `INSERT INTO ${ks}.b (id, v) VALUES (?, ?)`, params: [1, 'a'] },
        { query: `INSERT INTO ${ks}.b (id, v) VALUES (?, ?)`, params: [2, 'b'] },
      ],
      { prepare: true },
    );
    await client.batch([`INSERT INTO ${ks}.b (id, v) VALUES (3, 'c')`, `UPDATE ${ks}.b SET v = 'A' WHERE id = 1`], {
      logged: false,
    });
    const rows = await client.execute(`SELECT id, v FROM ${ks}.b`);
    expect(rows.rows.map((r) => `${r.get('id')}=${r.get('v')}`).sort()).toEqual(['1=A', '2=b', '3=c']);
  });

  it('pages through 10k rows with no row missed or repeated (eachRow and stream)', async () => {
    const ks = await keyspace();
    await client.execute(`CREATE TABLE ${ks}.p (id int PRIMARY KEY, v text)`);
    const params = Array.from({ length: 10_000 }, (_, i) => [i, `v${i}`]);
    await cassandra.concurrent.executeConcurrent(client, `INSERT INTO ${ks}.p (id, v) VALUES (?, ?)`, params, {
      concurrencyLevel: 256,
    });
    const seen: number[] = [];
    await new Promise<void>((resolve, reject) =>
      client.eachRow(
        `SELECT id FROM ${ks}.p`,
        [],
        { prepare: true, fetchSize: 333, autoPage: true },
        (_n, row: cassandra.types.Row) => seen.push(row.get('id') as number),
        (error) => (error ? reject(error) : resolve()),
      ),
    );
    expect(seen).toHaveLength(10_000);
    expect(new Set(seen).size).toBe(10_000);
    const streamed: number[] = [];
    for await (const row of client.stream(`SELECT id FROM ${ks}.p`, [], {
      prepare: true,
      fetchSize: 1000,
    }) as unknown as AsyncIterable<cassandra.types.Row>)
      streamed.push(row.get('id') as number);
    expect(streamed).toEqual(seen);
  });

  it('reports [applied] for lightweight transactions', async () => {
    const ks = await keyspace();
    await client.execute(`CREATE TABLE ${ks}.l (id int PRIMARY KEY, v text)`);
    const first = await client.execute(`INSERT INTO ${ks}.l (id, v) VALUES (?, ?) IF NOT EXISTS`, [1, 'a'], {
      prepare: true,
    });
    expect(first.wasApplied()).toBe(true);
    const second = await client.execute(`INSERT INTO ${ks}.l (id, v) VALUES (?, ?) IF NOT EXISTS`, [1, 'b'], {
      prepare: true,
    });
    expect(second.wasApplied()).toBe(false);
    expect(second.first().get('v')).toBe('a');
    const update = await client.execute(`UPDATE ${ks}.l SET v = 'z' WHERE id = 2 IF EXISTS`);
    expect(update.wasApplied()).toBe(false);
  });

  it('expires rows written with a TTL', async () => {
    const ks = await keyspace();
    await client.execute(`CREATE TABLE ${ks}.t (id int PRIMARY KEY, v text)`);
    await client.execute(`INSERT INTO ${ks}.t (id, v) VALUES (1, 'short') USING TTL 1`);
    await client.execute(`INSERT INTO ${ks}.t (id, v) VALUES (2, 'stays')`);
    await expect
      .poll(async () => (await client.execute(`SELECT id FROM ${ks}.t`)).rows.map((r) => r.get('id')), {
        timeout: 10_000,
        interval: 200,
      })
      .toEqual([2]);
  });

  it('answers errors with Cassandra codes the driver understands', async () => {
    const ks = await keyspace();
    await expect(client.execute('SELEKT * FROM x')).rejects.toMatchObject({ code: 0x2000 });
    await expect(client.execute(`SELECT * FROM ${ks}.missing`)).rejects.toMatchObject({ code: 0x2200 });
    await expect(
      client.execute(`CREATE KEYSPACE ${ks} WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}`),
    ).rejects.toMatchObject({ code: 0x2400, keyspace: ks });
  });
});

describe('CQL store auth', () => {
  it('accepts the configured credentials and refuses others with an AuthenticationError', async () => {
    const secured = await createCqlServer({ port: 0, auth: { username: 'dev', password: 'devpass' } });
    const options = { contactPoints: [`127.0.0.1:${secured.port}`], localDataCenter: 'datacenter1' };
    const good = new cassandra.Client({ ...options, credentials: { username: 'dev', password: 'devpass' } });
    const bad = new cassandra.Client({ ...options, credentials: { username: 'dev', password: 'nope' } });
    try {
      const rows = await good.execute("SELECT release_version FROM system.local WHERE key = 'local'");
      expect(rows.rowLength).toBe(1);
      const error = await bad.connect().then(
        () => null,
        (e: unknown) => e as cassandra.errors.NoHostAvailableError,
      );
      const inner = Object.values(error?.innerErrors ?? {})[0];
      expect(inner).toBeInstanceOf(cassandra.errors.AuthenticationError);
      expect((inner as Error).message).toContain('Provided username dev and/or password are incorrect');
    } finally {
      await good.shutdown();
      await bad.shutdown();
      await secured.close();
    }
  });
});
