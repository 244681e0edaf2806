// Native functions, CAST, aggregates, GROUP BY, PER PARTITION LIMIT and JSON through cassandra-driver over TCP:
// result column names as Cassandra 5.0 names them, values decoded by the driver, prepared markers typed as
// Cassandra types them, driver paging over GROUP BY and PER PARTITION LIMIT, and InvalidRequest texts.
import cassandra from 'cassandra-driver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCqlServer, type CqlServer } from './index';

let server: CqlServer;
let client: cassandra.Client;

beforeAll(async () => {
  server = await createCqlServer({ port: 0 });
  client = new cassandra.Client({
    contactPoints: [`127.0.0.1:${server.port}`],
    localDataCenter: 'datacenter1',
    keyspace: undefined,
  });
  await client.connect();
  await client.execute("CREATE KEYSPACE fn WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}");
  await client.execute(
    'CREATE TABLE fn.ev (p int, c int, v int, at timestamp, id timeuuid, body text, PRIMARY KEY (p, c))',
  );
  const insert = 'INSERT INTO fn.ev (p, c, v, at, id) VALUES (?, ?, ?, toTimestamp(now()), now())';
  for (let p = 0; p < 4; p++)
    for (let c = 0; c < 5; c++) await client.execute(insert, [p, c, p * 100 + c], { prepare: true });
});

afterAll(async () => {
  await client?.shutdown();
  await server?.close();
});

const names = (r: cassandra.types.ResultSet) => r.columns.map((c) => c.name);

describe('CQL functions and aggregates (cassandra-driver)', () => {
  it('names function columns as Cassandra does and the driver decodes their values', async () => {
    const r = await client.execute(
      'SELECT toUnixTimestamp(at) AS ms, toDate(id), writetime(v), ttl(v), token(p), CAST(v AS text), ' +
        'blobAsInt(intAsBlob(v)), count(*) FROM fn.ev WHERE p = 1',
    );
    expect(names(r)).toEqual([
      'ms',
      'system.todate(id)',
      'writetime(v)',
      'ttl(v)',
      'system.token(p)',
      'cast(v as text)',
      'system.blobasint(system.intasblob(v))',
      'count',
    ]);
    const row = r.first();
    expect(Number(row.get('ms'))).toBeGreaterThan(Date.now() - 60_000);
    expect(row.get('system.todate(id)')).toBeInstanceOf(cassandra.types.LocalDate);
    expect(row.get('cast(v as text)')).toBe('100');
    expect(row.get('system.blobasint(system.intasblob(v))')).toBe(100);
    expect(String(row.get('count'))).toBe('5');
    expect(r.info.warnings ?? []).toEqual([]);
  });

  it('aggregates with their types, GROUP BY paged by the driver, PER PARTITION LIMIT with LIMIT', async () => {
    const agg = await client.execute('SELECT min(v), max(v), sum(v), avg(v), count(v) FROM fn.ev');
    expect(agg.info.warnings).toEqual(['Aggregation query used without partition key']);
    const a = agg.first();
    expect([a.get('system.min(v)'), a.get('system.max(v)'), a.get('system.sum(v)'), a.get('system.avg(v)')]).toEqual([
      0, 304, 3040, 152,
    ]);
    expect(String(a.get('system.count(v)'))).toBe('20');
    const groups: string[] = [];
    for await (const row of client.stream('SELECT p, count(*), max(c) FROM fn.ev GROUP BY p', [], {
      fetchSize: 1,
      autoPage: true,
    }) as unknown as AsyncIterable<cassandra.types.Row>)
      groups.push(`${String(row.get('p'))}:${String(row.get('count'))}:${String(row.get('system.max(c)'))}`);
    expect(groups.sort()).toEqual(['0:5:4', '1:5:4', '2:5:4', '3:5:4']);
    const rows: string[] = [];
    for await (const row of client.stream('SELECT p, c FROM fn.ev PER PARTITION LIMIT ? LIMIT ?', [2, 7], {
      prepare: true,
      fetchSize: 3,
      autoPage: true,
    }) as unknown as AsyncIterable<cassandra.types.Row>)
      rows.push(`${String(row.get('p'))}/${String(row.get('c'))}`);
    expect(rows).toHaveLength(7);
    expect(new Set(rows.map((x) => x.split('/')[1]))).toEqual(new Set(['0', '1']));
  });

  it('INSERT JSON with a bound string and SELECT JSON in one [json] column', async () => {
    await client.execute('CREATE TABLE fn.doc (id uuid PRIMARY KEY, "Title" text, tags set<text>, at timestamp)');
    const id = cassandra.types.Uuid.random();
    const doc = JSON.stringify({
      id: id.toString(),
      '"Title"': 'Hi',
      tags: ['b', 'a'],
      at: '2021-05-06 07:08:09.010Z',
    });
    await client.execute('INSERT INTO fn.doc JSON ?', [doc], { prepare: true });
    const r = await client.execute('SELECT JSON * FROM fn.doc WHERE id = ?', [id], { prepare: true });
    expect(names(r)).toEqual(['[json]']);
    expect(r.first().get('[json]')).toBe(
      `{"id": "${id.toString()}", "\\"Title\\"": "Hi", "at": "2021-05-06 07:08:09.010Z", "tags": ["a", "b"]}`,
    );
    const t = await client.execute('SELECT toJson(tags) FROM fn.doc WHERE id = ?', [id], { prepare: true });
    expect(t.first().get('system.tojson(tags)')).toBe('["a", "b"]');
  });

  it("takes INSERT JSON of the driver's own JSON.stringify of every type", async () => {
    await client.execute(
      'CREATE TABLE fn.js (id uuid PRIMARY KEY, tid timeuuid, dec decimal, vi varint, bi bigint, ip inet, ' +
        'tup frozen<tuple<int, int>>, d date, t time, ts timestamp, f float, db double, m map<text, text>, l list<int>)',
    );
    const { types } = cassandra;
    const o = {
      id: types.Uuid.random(),
      tid: types.TimeUuid.now(),
      dec: new types.BigDecimal(113, 2),
      vi: types.Integer.fromString('903234243231132008846'),
      bi: types.Long.fromString('2305843009213694123'),
      ip: types.InetAddress.fromString('12.10.126.11'),
      tup: new types.Tuple(1, 300),
      d: new types.LocalDate(2015, 6, 1),
      t: types.LocalTime.fromMilliseconds(10160088, 123),
      ts: new Date(1432889533534),
      f: 1.2000000476837158,
      db: 1 / 3,
      m: { a: 'one', z: 'two' },
      l: [100, 100, 1, 2],
    };
    await client.execute('INSERT INTO fn.js JSON ?', [JSON.stringify(o)], { prepare: true });
    const row = (await client.execute('SELECT * FROM fn.js WHERE id = ?', [o.id], { prepare: true })).first();
    for (const k of ['tid', 'dec', 'vi', 'bi', 'ip', 'tup', 'd', 't'] as const)
      expect(String(row.get(k)), k).toBe(String(o[k]));
    expect((row.get('ts') as Date).getTime()).toBe(o.ts.getTime());
    expect([row.get('f'), row.get('db'), row.get('m'), row.get('l')]).toEqual([o.f, o.db, o.m, o.l]);
  });

  it('answers InvalidRequest with Cassandra messages', async () => {
    const invalid = async (q: string) => {
      const e: unknown = await client.execute(q).then(
        () => null,
        (err: unknown) => err,
      );
      expect(e).toBeInstanceOf(cassandra.errors.ResponseError);
      expect((e as cassandra.errors.ResponseError).code).toBe(cassandra.types.responseErrorCodes.invalid);
      return (e as Error).message;
    };
    expect(await invalid('SELECT count(*) FROM fn.ev GROUP BY v')).toBe(
      'Group by is currently only supported on the columns of the PRIMARY KEY, got v',
    );
    expect(await invalid('SELECT nosuch(v) FROM fn.ev')).toBe("Unknown function 'nosuch'");
    expect(await invalid('INSERT INTO fn.doc JSON \'{"id": "x"}\'')).toBe(
      "Error decoding JSON value for id: Unable to make UUID from 'x'",
    );
  });
});
