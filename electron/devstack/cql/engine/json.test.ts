import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openSession, simpleKeyspace, type Session } from './testSupport';

let session: Session;

beforeEach(async () => {
  session = await openSession();
  await session.run(simpleKeyspace('ks'));
  await session.run('USE ks');
  await session.run(
    'CREATE TABLE t (k int PRIMARY KEY, "Name" text, u uuid, ts timestamp, d date, tm time, b blob, big bigint, ' +
      'f float, x decimal, ok boolean, ip inet, l list<int>, s set<text>, m map<int, text>, tu frozen<tuple<int, text>>)',
  );
});
afterEach(() => session.engine.close());

const json = async (q: string, params: unknown[] = []) =>
  (await session.run(q, params)).rows.map((r) => r['[json]'] as string);

describe('JSON', () => {
  it('INSERT JSON and SELECT JSON round-trip every type in Cassandra formatting', async () => {
    const doc =
      '{"k": 1, "\\"Name\\"": "Ann \\"A\\"", "u": "6ab09bec-e68e-48d9-a5f8-97e6fb4c9b47", ' +
      '"ts": "2020-03-04 05:06:07.089Z", "d": "2020-03-04", "tm": "08:12:54.123456789", "b": "0x0102", ' +
      '"big": 9007199254740993, "f": 1.5, "x": "12.340", "ok": true, "ip": "127.0.0.1", "l": [3, 1], ' +
      '"s": ["b", "a"], "m": {"2": "two", "1": "one"}, "tu": [7, "seven"]}';
    await session.run(`INSERT INTO t JSON '${doc.replace(/'/g, "''")}'`);
    const [row] = await json('SELECT JSON * FROM t');
    expect(row).toBe(
      '{"k": 1, "\\"Name\\"": "Ann \\"A\\"", "b": "0x0102", "big": 9007199254740993, "d": "2020-03-04", ' +
        '"f": 1.5, "ip": "127.0.0.1", "l": [3, 1], "m": {"1": "one", "2": "two"}, "ok": true, "s": ["a", "b"], ' +
        '"tm": "08:12:54.123456789", "ts": "2020-03-04 05:06:07.089Z", "tu": [7, "seven"], ' +
        '"u": "6ab09bec-e68e-48d9-a5f8-97e6fb4c9b47", "x": 12.340}',
    );
    const r = await session.run('SELECT toJson(m) AS mj, toJson(ts), "Name" FROM t WHERE k = 1');
    expect(r.names).toEqual(['mj', 'system.tojson(ts)', 'Name']);
    expect(r.rows[0]).toMatchObject({
      mj: '{"1": "one", "2": "two"}',
      'system.tojson(ts)': '"2020-03-04 05:06:07.089Z"',
    });
    expect(await json('SELECT JSON k, count(*) FROM t WHERE k = 1')).toEqual(['{"k": 1, "count": 1}']);
    await session.run('INSERT INTO t (k, "Name", b) VALUES (5, \'\', 0x)');
    expect(await json('SELECT JSON k AS "Key", "Name", b, writetime(b) AS wt FROM t WHERE k = 5')).toEqual([
      expect.stringMatching(/^\{"\\"Key\\"": 5, "\\"Name\\"": "", "b": "", "wt": \d+\}$/),
    ]);
  });

  it('DEFAULT NULL clears absent columns, DEFAULT UNSET keeps them; markers and fromJson', async () => {
    await session.run('INSERT INTO t JSON ?', ['{"k": 2, "big": 5, "f": 2}']);
    await session.run('INSERT INTO t JSON ? DEFAULT UNSET', ['{"k": 2, "f": 3}']);
    expect(await json('SELECT JSON big, f FROM t WHERE k = 2')).toEqual(['{"big": 5, "f": 3.0}']);
    await session.run('INSERT INTO t JSON \'{"k": 2, "f": 4}\' DEFAULT NULL');
    expect(await json('SELECT JSON big, f FROM t WHERE k = 2')).toEqual(['{"big": null, "f": 4.0}']);
    await session.run("UPDATE t SET l = fromJson('[1, 2]'), m = fromJson(?) WHERE k = 2", ['{"5": "five"}']);
    expect(await json('SELECT JSON l, m FROM t WHERE k = 2')).toEqual(['{"l": [1, 2], "m": {"5": "five"}}']);
    const p = session.engine.prepare('INSERT INTO t JSON ?', 'ks');
    expect(p.ok && p.value.bindMarkers[0]).toMatchObject({ name: '[json]', type: { name: 'text' } });
  });

  it('takes and gives user-defined types as JSON objects, nested in collections too', async () => {
    await session.run('CREATE TYPE phone ("Alias" text, number text)');
    await session.run('CREATE TYPE address (street text, phones list<frozen<phone>>)');
    await session.run('CREATE TABLE u (id int PRIMARY KEY, a frozen<address>)');
    await session.run(
      'INSERT INTO u JSON \'{"id": 1, "a": {"street": "x", "phones": [{"\\"Alias\\"": "main", "NUMBER": "02"}]}}\'',
    );
    expect(await json('SELECT JSON a FROM u WHERE id = 1')).toEqual([
      '{"a": {"street": "x", "phones": [{"\\"Alias\\"": "main", "number": "02"}]}}',
    ]);
  });

  it('refuses bad documents with Cassandra words', async () => {
    const msg = async (q: string) => (await session.failure(q)).message;
    expect(await msg('INSERT INTO t JSON \'{"k": 1, "zzz": 0}\'')).toBe(
      'JSON values map contains unrecognized column: zzz',
    );
    expect(await msg('INSERT INTO t JSON \'{"k": "x"}\'')).toBe(
      "Error decoding JSON value for k: Unable to make int from 'x'",
    );
    expect(await msg('INSERT INTO t JSON \'{"k": 1, "Name": 3}\'')).toBe(
      'JSON values map contains unrecognized column: name',
    );
    expect(await msg("INSERT INTO t JSON 'null'")).toBe('Got null for INSERT JSON values');
    expect(await msg("INSERT INTO t JSON '[1]'")).toMatch(/^Could not decode JSON string as a map/);
    expect(await msg('INSERT INTO t JSON \'{"big": 1}\'')).toBe('Invalid null value for partition key part k');
    expect(await msg('INSERT INTO t JSON \'{"k": 1, "b": "01"}\'')).toBe(
      'Error decoding JSON value for b: String representation of blob is missing 0x prefix: 01',
    );
    expect(await msg('SELECT fromJson(k) FROM t')).toBe(
      'fromJson() cannot be used in the selection clause of a SELECT statement',
    );
  });
});
