import { describe, expect, it } from 'vitest';
import { CqlSyntaxError } from './lexer';
import { CqlUnsupportedError, parseCql } from './parser';

const parse = (q: string) => parseCql(q).statement;

describe('CQL parser', () => {
  it('reads keywords in any case and folds unquoted names, keeping "quoted" ones', () => {
    const s = parse('SeLeCt "MixedCase", plain FROM MyKs."Tbl" WhErE id = 1');
    expect(s).toMatchObject({
      kind: 'select',
      table: { keyspace: 'myks', table: 'Tbl' },
      selectors: [
        { kind: 'column', column: 'MixedCase' },
        { kind: 'column', column: 'plain' },
      ],
    });
  });

  it('parses CREATE KEYSPACE with both strategies and durable_writes', () => {
    expect(
      parse(
        "CREATE KEYSPACE IF NOT EXISTS ks WITH replication = {'class': 'NetworkTopologyStrategy', 'dc1': 3} AND durable_writes = false",
      ),
    ).toMatchObject({
      kind: 'createKeyspace',
      name: 'ks',
      ifNotExists: true,
      replication: new Map([
        ['class', 'NetworkTopologyStrategy'],
        ['dc1', '3'],
      ]),
      durableWrites: false,
    });
  });

  it('parses CREATE TABLE with composite keys, clustering order, collections and other options', () => {
    const s = parse(
      `create table if not exists ks.events (tenant text, day date, at timestamp, seq int, tags set<text>,
       m map<text, frozen<list<int>>>, PRIMARY KEY ((tenant, day), at, seq))
       WITH CLUSTERING ORDER BY (at DESC, seq ASC) AND comment = 'x' AND gc_grace_seconds = 10`,
    );
    expect(s).toMatchObject({
      kind: 'createTable',
      ifNotExists: true,
      partitionKey: ['tenant', 'day'],
      clustering: ['at', 'seq'],
      clusteringOrder: new Map([
        ['at', 'desc'],
        ['seq', 'asc'],
      ]),
    });
    if (s.kind !== 'createTable') throw new Error('kind');
    expect(s.columns.find((c) => c.name === 'm')?.type).toEqual({
      kind: 'map',
      key: { kind: 'native', name: 'text' },
      value: { kind: 'list', element: { kind: 'native', name: 'int' }, frozen: true },
      frozen: false,
    });
  });

  it('reads every literal form', () => {
    const s = parse(
      "INSERT INTO t (a, b, c, d, e, f, g, h, i, j) VALUES ('it''s', $$raw 'q'$$, -12.5e3, 6ba7b810-9dad-11d1-80b4-00c04fd430c8, " +
        "0xCAFE, true, [1, 2], {'x', 'y'}, {'k': 1}, NaN)",
    );
    if (s.kind !== 'insert') throw new Error('kind');
    expect(s.values.map((v) => (v.kind === 'literal' ? v.value : v))).toEqual([
      { kind: 'string', value: "it's" },
      { kind: 'string', value: "raw 'q'" },
      { kind: 'number', text: '-12.5e3' },
      { kind: 'uuid', text: '6ba7b810-9dad-11d1-80b4-00c04fd430c8' },
      { kind: 'blob', hex: 'cafe' },
      { kind: 'boolean', value: true },
      {
        kind: 'list',
        items: [
          { kind: 'number', text: '1' },
          { kind: 'number', text: '2' },
        ],
      },
      {
        kind: 'set',
        items: [
          { kind: 'string', value: 'x' },
          { kind: 'string', value: 'y' },
        ],
      },
      {
        kind: 'map',
        entries: [
          [
            { kind: 'string', value: 'k' },
            { kind: 'number', text: '1' },
          ],
        ],
      },
      { kind: 'number', text: 'NaN' },
    ]);
  });

  it('numbers positional and named bind markers in order of appearance', () => {
    const p = parseCql('UPDATE t USING TTL ? SET v = :val WHERE k = ? AND c IN (?, :last) IF v = ?');
    expect(p.markers).toEqual([null, 'val', null, null, 'last', null]);
  });

  it('parses SELECT clauses: COUNT, aliases, token ranges, IN, ORDER BY, LIMIT, ALLOW FILTERING', () => {
    const s = parse(
      'SELECT COUNT(*) AS n, writetime(v), token(k) FROM t WHERE token(k) > ? AND token(k) <= 100 AND c IN ? ' +
        'AND v CONTAINS KEY 1 ORDER BY c DESC LIMIT 5 ALLOW FILTERING;',
    );
    expect(s).toMatchObject({
      kind: 'select',
      selectors: [
        { kind: 'count', alias: 'n' },
        { kind: 'writetime', column: 'v' },
        { kind: 'token', columns: ['k'] },
      ],
      where: [
        { kind: 'token', op: '>' },
        { kind: 'token', op: '<=' },
        { kind: 'inMarker', column: 'c' },
        { kind: 'contains', key: true },
      ],
      orderBy: [{ column: 'c', desc: true }],
      limit: { kind: 'literal' },
      allowFiltering: true,
    });
  });

  it('parses LWT and USING clauses, collection updates and deletes', () => {
    expect(parse('INSERT INTO t (k) VALUES (1) IF NOT EXISTS USING TTL 5 AND TIMESTAMP 7')).toMatchObject({
      ifNotExists: true,
      using: { ttl: { kind: 'literal' }, timestamp: { kind: 'literal' } },
    });
    expect(
      parse("UPDATE t SET l = l + [1], s = s - {'a'}, m['k'] = 2, p = [0] + p WHERE k = 1 IF EXISTS"),
    ).toMatchObject({
      assignments: [
        { kind: 'append', column: 'l' },
        { kind: 'remove', column: 's' },
        { kind: 'setKey', column: 'm' },
        { kind: 'prepend', column: 'p' },
      ],
      ifExists: true,
    });
    expect(parse('DELETE v, w FROM ks.t USING TIMESTAMP 3 WHERE k = 1')).toMatchObject({
      kind: 'delete',
      columns: ['v', 'w'],
    });
  });

  it('parses batches written in CQL', () => {
    const s = parse(
      "BEGIN UNLOGGED BATCH INSERT INTO t (k) VALUES (1); UPDATE t SET v = 'x' WHERE k = 2 DELETE FROM t WHERE k = 3; APPLY BATCH",
    );
    expect(s).toMatchObject({ kind: 'batch', batchType: 'unlogged' });
    if (s.kind === 'batch') expect(s.statements.map((x) => x.kind)).toEqual(['insert', 'update', 'delete']);
  });

  it('rejects what is not CQL with a syntax error, and what is unsupported with a clear message', () => {
    for (const bad of [
      'SELEKT * FROM t',
      'SELECT * t',
      "INSERT INTO t (a) VALUES ('open",
      'SELECT * FROM t WHERE',
      'DROP',
    ])
      expect(() => parseCql(bad), bad).toThrow(CqlSyntaxError);
    expect(() => parseCql('CREATE AGGREGATE ag (int) SFUNC f STYPE int')).toThrow(CqlUnsupportedError);
    expect(() => parseCql('CREATE AGGREGATE ag (int) SFUNC f STYPE int')).toThrow(/CREATE AGGREGATE is not supported/);
    expect(() => parseCql('ALTER MATERIALIZED VIEW v ADD x int')).toThrow(CqlSyntaxError);
  });

  it('parses function calls, CAST, JSON, GROUP BY and PER PARTITION LIMIT', () => {
    expect(
      parse(
        'SELECT JSON toTimestamp(now()) AS t, CAST(v AS text), count(1), system.max(v) FROM t GROUP BY k PER PARTITION LIMIT 2 LIMIT 3',
      ),
    ).toMatchObject({
      kind: 'select',
      json: true,
      selectors: [
        { kind: 'call', fn: 'totimestamp', args: [{ kind: 'call', fn: 'now', args: [] }], alias: 't' },
        { kind: 'cast', arg: { kind: 'column', column: 'v' }, type: { kind: 'native', name: 'text' } },
        { kind: 'count' },
        { kind: 'call', fn: 'max', args: [{ kind: 'column', column: 'v' }] },
      ],
      groupBy: ['k'],
      perPartitionLimit: { kind: 'literal' },
    });
    expect(parse('SELECT json FROM t')).toMatchObject({ selectors: [{ kind: 'column', column: 'json' }] });
    expect(parse("INSERT INTO t JSON '{}' DEFAULT UNSET IF NOT EXISTS")).toMatchObject({
      kind: 'insert',
      json: { term: { kind: 'literal' }, defaultUnset: true },
      ifNotExists: true,
    });
    expect(parse('INSERT INTO t (k, v) VALUES (intAsBlob(?), now())')).toMatchObject({
      values: [
        { kind: 'call', fn: 'intasblob', args: [{ kind: 'marker', index: 0 }] },
        { kind: 'call', fn: 'now', args: [] },
      ],
    });
    expect(() => parseCql('SELECT count(2) FROM t')).toThrow(/Only COUNT\(1\) is supported, got COUNT\(2\)/);
  });
});
