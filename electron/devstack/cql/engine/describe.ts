// Server-side DESCRIBE (Cassandra 4.0+), which cqlsh 6 sends instead of building CREATE statements itself: listings of
// keyspaces and tables, and CREATE statements for the schema, a keyspace or a table.
import type { Statement } from './ast';
import { InvalidRequest } from './bind';
import type { IndexMeta, KeyspaceMeta, TableMeta } from './catalog';
import type { UdtMeta } from './userTypes';
import { formatCqlType } from './cqlType';
import { tableOptionsCql } from './tableOptions';
import { SYSTEM_KEYSPACES, SYSTEM_TABLES } from './systemSchema';
import type { ColumnSpec, ExecutionResult, NodeIdentity } from './types';

type Describe = Extract<Statement, { kind: 'describe' }>;

const text = { kind: 'native', name: 'text' } as const;
const spec = (name: string): ColumnSpec => ({ keyspace: 'system', table: 'describe', name, type: text });
const utf8 = (s: string) => Buffer.from(s, 'utf8');

/** Quotes an identifier unless Cassandra would print it bare. */
export function cqlName(name: string): string {
  return /^[a-z][a-z0-9_]*$/.test(name) ? name : `"${name.replace(/"/g, '""')}"`;
}

const quote = (s: string) => `'${s.replace(/'/g, "''")}'`;

export function createKeyspaceCql(k: {
  name: string;
  replication: Record<string, string>;
  durableWrites: boolean;
}): string {
  const repl = Object.entries(k.replication)
    .map(([key, v]) => `${quote(key)}: ${quote(v)}`)
    .join(', ');
  return `CREATE KEYSPACE ${cqlName(k.name)} WITH replication = {${repl}}  AND durable_writes = ${k.durableWrites};`;
}

export function createTableCql(t: TableMeta): string {
  const single = t.partitionKey.length === 1 && t.clustering.length === 0;
  const lines = t.columns.map(
    (c) =>
      `    ${cqlName(c.name)} ${formatCqlType(c.type)}${c.kind === 'static' ? ' static' : ''}${single && c.kind === 'partition_key' ? ' PRIMARY KEY' : ''}`,
  );
  if (!single) {
    const pk = t.partitionKey.map((c) => cqlName(c.name));
    const partition = pk.length === 1 ? (pk[0] as string) : `(${pk.join(', ')})`;
    lines.push(`    PRIMARY KEY (${[partition, ...t.clustering.map((c) => cqlName(c.name))].join(', ')})`);
  }
  const options: string[] = [];
  if (t.clustering.length > 0)
    options.push(
      `CLUSTERING ORDER BY (${t.clustering.map((c) => `${cqlName(c.name)} ${c.order.toUpperCase()}`).join(', ')})`,
    );
  options.push(...tableOptionsCql(t.options, t.comment, t.defaultTtl));
  return `CREATE TABLE ${cqlName(t.keyspace)}.${cqlName(t.name)} (\n${lines.join(',\n')}\n) WITH ${options.join('\n    AND ')};`;
}

/** An index's CREATE statement, as Cassandra's `IndexMetadata.appendCqlTo` writes it. */
export function createIndexCql(t: TableMeta, ix: IndexMeta): string {
  const on = `${cqlName(ix.name)} ON ${cqlName(t.keyspace)}.${cqlName(t.name)} (${ix.options.target ?? ix.column})`;
  if (ix.kind === 'CUSTOM') return `CREATE CUSTOM INDEX ${on} USING ${quote(ix.options.class_name ?? '')};`;
  return `CREATE INDEX ${on};`;
}

/** A materialized view's CREATE statement, laid out as Cassandra 4's DESCRIBE writes it. */
export function createViewCql(t: TableMeta): string {
  const v = t.view;
  const pk = t.partitionKey.map((c) => cqlName(c.name));
  const partition = pk.length === 1 ? (pk[0] as string) : `(${pk.join(', ')})`;
  const key = [partition, ...t.clustering.map((c) => cqlName(c.name))].join(', ');
  const selected = v?.includeAllColumns ? '*' : t.columns.map((c) => cqlName(c.name)).join(', ');
  const options: string[] = [];
  if (t.clustering.length > 0)
    options.push(
      `CLUSTERING ORDER BY (${t.clustering.map((c) => `${cqlName(c.name)} ${c.order.toUpperCase()}`).join(', ')})`,
    );
  options.push(...tableOptionsCql(t.options, t.comment, 0).filter((o) => !o.startsWith('default_time_to_live')));
  return (
    `CREATE MATERIALIZED VIEW ${cqlName(t.keyspace)}.${cqlName(t.name)} AS\n    SELECT ${selected}\n` +
    `    FROM ${cqlName(t.keyspace)}.${cqlName(v?.baseTable ?? '')}\n    WHERE ${v?.whereClause ?? ''}\n` +
    `    PRIMARY KEY (${key})\n WITH ${options.join('\n    AND ')};`
  );
}

/** A table's element rows for DESCRIBE: the table, then its indexes; a view's CREATE MATERIALIZED VIEW. */
function tableElements(ks: string, t: TableMeta): string[][] {
  if (t.view) return [[ks, 'materialized_view', t.name, createViewCql(t)]];
  return [
    [ks, 'table', t.name, createTableCql(t)],
    ...t.indexes.map((ix) => [ks, 'index', ix.name, createIndexCql(t, ix)]),
  ];
}

interface KeyspaceView {
  name: string;
  replication: Record<string, string>;
  durableWrites: boolean;
  tables: TableMeta[];
  types: UdtMeta[];
}

function keyspaces(user: Map<string, KeyspaceMeta>): KeyspaceView[] {
  const system = Object.entries(SYSTEM_KEYSPACES).map(([name, replication]) => ({
    name,
    replication,
    durableWrites: true,
    tables: [...(SYSTEM_TABLES.get(name)?.values() ?? [])],
    types: [],
  }));
  const mine = [...user.values()].map(view);
  return [...system, ...mine].sort((a, b) => (a.name < b.name ? -1 : 1));
}

function rows(columns: string[], values: string[][]): ExecutionResult {
  return { kind: 'rows', columns: columns.map(spec), rows: values.map((r) => r.map(utf8)), pagingState: null };
}

const ELEMENT = ['keyspace_name', 'type', 'name', 'create_statement'];

const view = (k: KeyspaceMeta): KeyspaceView => ({
  ...k,
  tables: [...k.tables.values()],
  types: [...k.types.values()],
});

/** A user type's CREATE statement, as Cassandra's DESCRIBE writes it. */
export function createTypeCql(keyspace: string, u: UdtMeta): string {
  const fields = u.fields.map((f) => `    ${cqlName(f.name)} ${formatCqlType(f.type)}`).join(',\n');
  return `CREATE TYPE ${cqlName(keyspace)}.${cqlName(u.name)} (\n${fields}\n);`;
}

function keyspaceElements(k: KeyspaceView): string[][] {
  return [
    [k.name, 'keyspace', k.name, createKeyspaceCql(k)],
    ...k.types.map((u) => [k.name, 'type', u.name, createTypeCql(k.name, u)]),
    ...k.tables.flatMap((t) => tableElements(k.name, t)),
  ];
}

export function runDescribe(
  s: Describe,
  user: Map<string, KeyspaceMeta>,
  session: string | null,
  node: NodeIdentity,
): ExecutionResult {
  const all = keyspaces(user);
  const find = (name: string) => all.find((k) => k.name === name);
  switch (s.what) {
    case 'keyspaces':
      return rows(
        ['keyspace_name', 'type', 'name'],
        all.map((k) => [k.name, 'keyspace', k.name]),
      );
    case 'tables':
      return rows(
        ['keyspace_name', 'type', 'name'],
        all.flatMap((k) => k.tables.filter((t) => !t.view).map((t) => [k.name, 'table', t.name])),
      );
    case 'types':
      return rows(
        ['keyspace_name', 'type', 'name'],
        all.flatMap((k) => k.types.map((u) => [k.name, 'type', u.name])),
      );
    case 'type': {
      const ksName = s.keyspace ?? session;
      if (ksName === null) throw new InvalidRequest('No keyspace specified and no current keyspace');
      const u = find(ksName)?.types.find((x) => x.name === s.name);
      if (!u) throw new InvalidRequest(`User defined type '${s.name}' not found in '${ksName}'`);
      return rows(ELEMENT, [[ksName, 'type', u.name, createTypeCql(ksName, u)]]);
    }
    case 'functions':
    case 'aggregates':
      return rows(['keyspace_name', 'type', 'name'], []);
    case 'cluster':
      return rows(
        ['cluster', 'partitioner', 'snitch'],
        [
          [
            node.clusterName,
            'org.apache.cassandra.dht.Murmur3Partitioner',
            'org.apache.cassandra.locator.SimpleSnitch',
          ],
        ],
      );
    case 'schema':
      return rows(
        ELEMENT,
        [...user.values()].flatMap((k) => keyspaceElements(view(k))),
      );
    case 'keyspace': {
      const name = s.keyspace ?? session;
      if (name === null) throw new InvalidRequest('No keyspace specified and no current keyspace');
      const k = find(name);
      if (!k) throw new InvalidRequest(`'${name}' not found in keyspaces`);
      return rows(ELEMENT, keyspaceElements(k));
    }
    case 'table':
    case 'name': {
      if (s.what === 'name' && s.keyspace === null && s.name !== null && find(s.name))
        return rows(ELEMENT, keyspaceElements(find(s.name) as KeyspaceView));
      const ksName = s.keyspace ?? session;
      if (ksName === null) throw new InvalidRequest('No keyspace specified and no current keyspace');
      const k = find(ksName);
      const t = k?.tables.find((x) => x.name === s.name);
      if (!t) throw new InvalidRequest(`'${s.name}' not found in keyspace '${ksName}'`);
      return rows(ELEMENT, tableElements(ksName, t));
    }
    case 'index': {
      const ksName = s.keyspace ?? session;
      if (ksName === null) throw new InvalidRequest('No keyspace specified and no current keyspace');
      for (const t of find(ksName)?.tables ?? []) {
        const ix = t.indexes.find((x) => x.name === s.name);
        if (ix) return rows(ELEMENT, [[ksName, 'index', ix.name, createIndexCql(t, ix)]]);
      }
      throw new InvalidRequest(`Index '${s.name}' not found in '${ksName}'`);
    }
  }
}
