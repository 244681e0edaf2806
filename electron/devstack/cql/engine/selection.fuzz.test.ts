// Random selections (functions, casts, aggregates, JSON, GROUP BY) over rows that hold nulls and empty values: the
// engine answers rows or an InvalidRequest / syntax error, never a server error.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { openSession, simpleKeyspace } from './testSupport';

const COLUMNS = ['k', 'c', 'i', 'b', 'f', 'x', 'ts', 'u', 'd', 's', 'bl', 'l', 'm'];
const FUNCTIONS = [
  'now',
  'uuid',
  'toTimestamp',
  'toDate',
  'toUnixTimestamp',
  'minTimeuuid',
  'blobAsInt',
  'intAsBlob',
  'textAsBlob',
  'blobAsText',
  'toJson',
  'count',
  'min',
  'max',
  'sum',
  'avg',
  'map_keys',
  'collection_count',
  'collection_sum',
];
const TYPES = ['int', 'bigint', 'text', 'double', 'decimal', 'varint', 'date', 'timestamp', 'tinyint', 'float'];

const expr: fc.Arbitrary<string> = fc.letrec((tie) => ({
  e: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom(...COLUMNS),
    fc.constantFrom('1', "'x'", '0x01', 'count(*)', 'writetime(i)', 'ttl(s)', 'token(k)'),
    fc
      .tuple(fc.constantFrom(...FUNCTIONS), fc.array(tie('e'), { maxLength: 2 }))
      .map(([f, a]) => `${f}(${a.join(', ')})`),
    fc.tuple(tie('e'), fc.constantFrom(...TYPES)).map(([e, t]) => `CAST(${e} AS ${t})`),
    fc.tuple(tie('e'), fc.constantFrom('+', '-', '*', '/', '%'), tie('e')).map(([a, op, b]) => `(${a} ${op} ${b})`),
    tie('e').map((e) => `-${e}`),
  ),
})).e;

const OPTIONS = {
  sessionKeyspace: 'ks',
  consistency: 1,
  serialConsistency: null,
  pageSize: 2,
  pagingState: null,
  defaultTimestamp: null,
  skipMetadata: false,
};

describe('selection fuzz', () => {
  it('never answers a server error', async () => {
    const session = await openSession();
    await session.run(simpleKeyspace('ks'));
    await session.run('USE ks');
    await session.run(
      'CREATE TABLE t (k int, c int, i int, b bigint, f double, x decimal, ts timestamp, u timeuuid, d date, s text, ' +
        'bl blob, l list<int>, m map<text, int>, PRIMARY KEY (k, c))',
    );
    await session.run(
      "INSERT INTO t (k, c, i, b, f, x, ts, u, d, s, bl, l, m) VALUES (1, 1, 5, 6, 1.5, 2.25, '2020-01-01', now(), " +
        "'2020-01-02', 'a', 0x0102, [1, 2], {'a': 1}) USING TTL 100",
    );
    await session.run('INSERT INTO t (k, c) VALUES (1, 2)');
    // Empty values (not null) in every regular column, as a client may bind them.
    const empty = session.engine.prepare(
      'INSERT INTO t (k, c, i, b, f, x, ts, u, d, s, bl) VALUES (2, 3, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
      'ks',
    );
    if (!empty.ok) throw new Error(empty.error.message);
    await session.engine.execute(empty.value.id, Array(9).fill(Buffer.alloc(0)), OPTIONS);
    await fc.assert(
      fc.asyncProperty(
        fc.array(expr, { minLength: 1, maxLength: 3 }),
        fc.boolean(),
        fc.constantFrom('', ' WHERE k = 1', ' GROUP BY k', ' GROUP BY k, c', ' PER PARTITION LIMIT 1'),
        async (selectors, json, tail) => {
          const q = `SELECT ${json ? 'JSON ' : ''}${selectors.join(', ')} FROM t${tail}`;
          const r = await session.engine.query(q, [], OPTIONS);
          if (!r.ok) expect(r.error.code, `${q}: ${r.error.message}`).not.toBe(0);
        },
      ),
      { numRuns: 400 },
    );
    await session.engine.close();
  }, 60_000);

  it('never answers a server error for function calls in values and WHERE', async () => {
    const session = await openSession({ releaseVersion: '5.0.2' });
    await session.run(simpleKeyspace('ks'));
    await session.run('USE ks');
    await session.run(
      'CREATE TABLE t (k int, c int, i int, ts timestamp, u timeuuid, d date, s text, bl blob, l list<int>, ' +
        'm map<text, int>, PRIMARY KEY (k, c))',
    );
    const term: fc.Arbitrary<string> = fc.letrec((tie) => ({
      t: fc.oneof(
        { depthSize: 'small', withCrossShrink: true },
        fc.constantFrom(
          '1',
          "'x'",
          '0x01',
          '0x',
          'null',
          "'2020-01-01'",
          '[1]',
          "{'a': 1}",
          "'[1, 2]'",
          '\'{"a": 1}\'',
        ),
        fc
          .tuple(
            fc.constantFrom(...FUNCTIONS, 'fromJson', 'current_date', 'maxTimeuuid'),
            fc.array(tie('t'), { maxLength: 2 }),
          )
          .map(([f, a]) => `${f}(${a.join(', ')})`),
      ),
    })).t;
    const column = fc.constantFrom('i', 'ts', 'u', 'd', 's', 'bl', 'l', 'm');
    await fc.assert(
      fc.asyncProperty(column, term, term, fc.boolean(), async (col, value, key, update) => {
        const q = update
          ? `UPDATE t SET ${col} = ${value} WHERE k = ${key} AND c = 1`
          : `INSERT INTO t (k, c, ${col}) VALUES (1, ${key}, ${value})`;
        const r = await session.engine.query(q, [], OPTIONS);
        if (!r.ok) expect(r.error.code, `${q}: ${r.error.message}`).not.toBe(0);
      }),
      { numRuns: 400 },
    );
    await session.engine.close();
  }, 60_000);
});
