// DDL statements: CREATE/DROP KEYSPACE, CREATE/DROP TABLE, TRUNCATE, USE.
import type { ColumnDefinition, Literal, Statement } from './ast';
import type { Cursor } from './parserCore';

/** A literal's text as CQL options read it (strings unquoted, numbers and UUIDs as written); '' for anything else. */
export function literalText(l: Literal): string {
  switch (l.kind) {
    case 'string':
      return l.value;
    case 'number':
    case 'uuid':
      return l.text;
    case 'boolean':
      return String(l.value);
    default:
      return '';
  }
}

/** `WITH replication = {...} AND durable_writes = ...`, shared by CREATE and ALTER KEYSPACE. */
function keyspaceOptions(c: Cursor): { replication: Map<string, string> | null; durableWrites: boolean | null } {
  c.expect('with');
  let replication: Map<string, string> | null = null;
  let durableWrites: boolean | null = null;
  do {
    const option = c.name('keyspace option');
    c.expect('=');
    const value = c.literal();
    if (option === 'replication') {
      if (value.kind !== 'map') c.fail('replication must be a map literal');
      replication = new Map(value.entries.map(([k, v]) => [literalText(k), literalText(v)]));
    } else if (option === 'durable_writes') {
      durableWrites = value.kind === 'boolean' ? value.value : literalText(value).toLowerCase() === 'true';
    } else c.fail(`unknown keyspace property ${option}`);
  } while (c.accept('and'));
  c.end();
  return { replication, durableWrites };
}

export function parseCreateKeyspace(c: Cursor): Statement {
  const ifNotExists = c.ifNotExists();
  const name = c.name('keyspace name');
  const { replication, durableWrites } = keyspaceOptions(c);
  if (replication === null) c.fail('missing replication strategy class');
  return { kind: 'createKeyspace', name, ifNotExists, replication, durableWrites: durableWrites ?? true };
}

/** ALTER KEYSPACE [IF EXISTS] name WITH ... (after ALTER KEYSPACE). */
export function parseAlterKeyspace(c: Cursor): Statement {
  const ifExists = c.ifExists();
  const name = c.name('keyspace name');
  return { kind: 'alterKeyspace', name, ifExists, ...keyspaceOptions(c) };
}

function nameList(c: Cursor): string[] {
  const names = [c.name('column name')];
  while (c.accept(',')) names.push(c.name('column name'));
  return names;
}

/** `PRIMARY KEY (pk, ck...)` or `PRIMARY KEY ((pk1, pk2), ck...)`. */
export function primaryKey(c: Cursor): { partitionKey: string[]; clustering: string[] } {
  c.expect('(');
  let partitionKey: string[];
  if (c.accept('(')) {
    partitionKey = nameList(c);
    c.expect(')');
  } else partitionKey = [c.name('column name')];
  const clustering: string[] = [];
  while (c.accept(',')) clustering.push(c.name('column name'));
  c.expect(')');
  return { partitionKey, clustering };
}

/** `[WITH CLUSTERING ORDER BY (...) AND option = value ...]` of CREATE TABLE and CREATE MATERIALIZED VIEW. */
export function tableWith(c: Cursor): {
  clusteringOrder: Map<string, 'asc' | 'desc'>;
  options: Map<string, Literal>;
} {
  const clusteringOrder = new Map<string, 'asc' | 'desc'>();
  const options = new Map<string, Literal>();
  if (c.accept('with')) {
    do {
      if (c.isWord('clustering')) {
        c.next();
        c.expect('order');
        c.expect('by');
        c.expect('(');
        do {
          const column = c.name('column name');
          const desc = c.accept('desc');
          if (!desc) c.accept('asc');
          clusteringOrder.set(column, desc ? 'desc' : 'asc');
        } while (c.accept(','));
        c.expect(')');
      } else if (c.isWord('compact')) {
        c.fail('COMPACT STORAGE is not supported');
      } else {
        const option = c.name('table option');
        c.expect('=');
        options.set(option, c.literal());
      }
    } while (c.accept('and'));
  }
  return { clusteringOrder, options };
}

export function parseCreateTable(c: Cursor): Statement {
  const ifNotExists = c.ifNotExists();
  const table = c.tableRef();
  c.expect('(');
  const columns: ColumnDefinition[] = [];
  let key: { partitionKey: string[]; clustering: string[] } | null = null;
  do {
    if (c.isWord('primary')) {
      c.next();
      c.expect('key');
      if (key !== null) c.fail('multiple PRIMARY KEY definitions');
      key = primaryKey(c);
      continue;
    }
    const name = c.name('column name');
    const type = c.type();
    const isStatic = c.accept('static');
    if (c.isWord('primary')) {
      c.next();
      c.expect('key');
      if (key !== null) c.fail('multiple PRIMARY KEY definitions');
      key = { partitionKey: [name], clustering: [] };
    }
    columns.push({ name, type, isStatic });
  } while (c.accept(','));
  c.expect(')');
  if (key === null) c.fail('no PRIMARY KEY specifed for the table');
  const { clusteringOrder, options } = tableWith(c);
  c.end();
  return { kind: 'createTable', table, ifNotExists, columns, ...key, clusteringOrder, options };
}

/** `[IF NOT EXISTS] [name] ON [ks.]table (target) [USING 'class' [WITH OPTIONS = {...}]]`, after CREATE [CUSTOM] INDEX. */
export function parseCreateIndex(c: Cursor, custom: boolean): Statement {
  const ifNotExists = c.ifNotExists();
  let name: string | null = null;
  if (!c.isWord('on')) {
    name = c.name('index name');
    // `ks.name`: the keyspace must be the table's, which Cassandra checks; the table reference below carries it.
    if (c.accept('.')) name = c.name('index name');
  }
  c.expect('on');
  const table = c.tableRef();
  c.expect('(');
  let target: Extract<Statement, { kind: 'createIndex' }>['target'];
  const fn = c.peek().text;
  if (['keys', 'values', 'entries', 'full'].includes(fn) && c.isWord('(', 1)) {
    c.next();
    c.next();
    target = { fn: fn as 'keys' | 'values' | 'entries' | 'full', column: c.name('column name') };
    c.expect(')');
  } else target = { fn: 'simple', column: c.name('column name') };
  c.expect(')');
  let using: string | null = null;
  const options = new Map<string, string>();
  if (c.accept('using')) {
    const cls = c.literal();
    if (cls.kind !== 'string') c.fail('expecting the index class as a string');
    using = cls.value;
    if (c.accept('with')) {
      c.expect('options');
      c.expect('=');
      const m = c.literal();
      if (m.kind !== 'map') c.fail('OPTIONS must be a map literal');
      for (const [k, v] of m.entries) options.set(literalText(k), literalText(v));
    }
  }
  c.end();
  return { kind: 'createIndex', table, name, ifNotExists, target, custom, using, options };
}
