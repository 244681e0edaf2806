// The schema: keyspaces and tables with their columns in the roles system_schema reports (partition_key, clustering,
// static, regular). Serializable to JSON for persistence; the schema version changes on every DDL.
import { randomUUID } from 'node:crypto';
import type { Statement } from './ast';
import { badVectorDimension, containsDuration, durationMisplaced, formatCqlType, reversedInner } from './cqlType';
import { resolveType, type UdtMeta } from './userTypes';
import { Cursor } from './parserCore';
import type { CqlType } from './types';
import { defaultTableOptions, tableOptionsFrom, tableOptionsFromJson, type TableOptions } from './tableOptions';

export type ColumnKind = 'partition_key' | 'clustering' | 'static' | 'regular';

export interface ColumnMeta {
  name: string;
  type: CqlType;
  kind: ColumnKind;
  /** Position within the partition key or clustering key; -1 for regular columns. */
  position: number;
  order: 'asc' | 'desc' | 'none';
  /**
   * For static and regular columns, the cell slot in stored rows (static cells live in the partition's static row);
   * -1 for key columns. Stable for the table's life: ALTER TABLE ADD takes a new slot, DROP never frees one.
   */
  cell: number;
}

/** A column ALTER TABLE DROP removed (system_schema.dropped_columns); its slot is never reused. */
export interface DroppedColumn {
  name: string;
  type: string;
  kind: 'static' | 'regular';
  cell: number;
  /** Microseconds since the epoch. */
  droppedAt: string;
}

/** A secondary index as system_schema.indexes reports it (one target column). */
export interface IndexMeta {
  name: string;
  /** The indexed column (the `target` option). */
  column: string;
  /** COMPOSITES for the built-in (legacy) index, CUSTOM for a storage-attached index. */
  kind: 'COMPOSITES' | 'CUSTOM';
  /** `target`, plus `class_name` (as the user wrote it) for CUSTOM. */
  options: Record<string, string>;
}

/** What makes a table a materialized view (system_schema.views); its rows are derived from the base table's. */
export interface ViewMeta {
  baseTable: string;
  baseId: string;
  includeAllColumns: boolean;
  whereClause: string;
}

export interface TableMeta {
  keyspace: string;
  name: string;
  id: string;
  /** Key columns first (partition, clustering), then static and then regular columns by name: `SELECT *` order. */
  columns: ColumnMeta[];
  byName: Map<string, ColumnMeta>;
  partitionKey: ColumnMeta[];
  clustering: ColumnMeta[];
  regular: ColumnMeta[];
  statics: ColumnMeta[];
  /** Static then regular columns: those with a cell slot, in `columns` order. */
  valueColumns: ColumnMeta[];
  /** One more than the highest cell slot ever used (dropped columns included). */
  slotCount: number;
  dropped: DroppedColumn[];
  /** A counter table: every static and regular column is a counter. */
  counter: boolean;
  defaultTtl: number;
  comment: string;
  /** Replaced (never mutated) by CREATE/DROP INDEX. */
  indexes: IndexMeta[];
  /** The other WITH options, kept and reported (system_schema.tables, DESCRIBE). */
  options: TableOptions;
  /** Set for a materialized view (kept in the keyspace's `tables`, one namespace as in Cassandra). */
  view?: ViewMeta;
}

export interface KeyspaceMeta {
  name: string;
  replication: Record<string, string>;
  durableWrites: boolean;
  tables: Map<string, TableMeta>;
  /** User-defined types, in creation order. */
  types: Map<string, UdtMeta>;
}

/** The JSON form written to schema.json. */
export interface SchemaJson {
  version: string;
  keyspaces: {
    name: string;
    replication: Record<string, string>;
    durableWrites: boolean;
    /** Absent in data dirs written before user-defined types; field types as CQL text. */
    types?: { name: string; fields: { name: string; type: string }[] }[];
    tables: {
      name: string;
      id: string;
      defaultTtl: number;
      comment: string;
      columns: {
        name: string;
        type: string;
        kind: ColumnKind;
        position: number;
        order: 'asc' | 'desc' | 'none';
        /** Absent in data dirs written before ALTER TABLE: regular columns by name took slots 0, 1, ... */
        cell?: number;
      }[];
      dropped?: DroppedColumn[];
      /** Absent in data dirs written before indexes existed. */
      indexes?: IndexMeta[];
      /** Absent in data dirs written before table options were kept. */
      options?: Partial<TableOptions>;
      /** Present for a materialized view. */
      view?: ViewMeta;
    }[];
  }[];
}

export interface ColumnDef {
  name: string;
  type: CqlType;
  kind: ColumnKind;
  position: number;
  order: 'asc' | 'desc' | 'none';
  /** The column's slot; absent for a new column (it takes the next free one). */
  cell?: number;
}

const byColumnName = (a: { name: string }, b: { name: string }) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

/** Whether a column of this type is a counter. */
export const isCounterType = (t: CqlType): boolean => t.kind === 'native' && t.name === 'counter';

export function buildTable(
  keyspace: string,
  name: string,
  id: string,
  defs: ColumnDef[],
  defaultTtl = 0,
  comment = '',
  indexes: IndexMeta[] = [],
  options: TableOptions = defaultTableOptions(),
  dropped: DroppedColumn[] = [],
): TableMeta {
  const partitionKey = defs.filter((c) => c.kind === 'partition_key').sort((a, b) => a.position - b.position);
  const clustering = defs.filter((c) => c.kind === 'clustering').sort((a, b) => a.position - b.position);
  const regularDefs = defs.filter((c) => c.kind === 'regular').sort(byColumnName);
  const staticDefs = defs.filter((c) => c.kind === 'static').sort(byColumnName);
  let next = Math.max(-1, ...defs.map((c) => c.cell ?? -1), ...dropped.map((d) => d.cell)) + 1;
  const cellOf = new Map<ColumnDef, number>();
  // New columns take slots in this order, which for a table without ALTERs gives regular columns by name 0, 1, ...
  for (const c of [...regularDefs, ...staticDefs]) cellOf.set(c, c.cell ?? next++);
  const key = [...partitionKey, ...clustering].map((c) => ({ ...c, cell: -1 }));
  const values = [...staticDefs, ...regularDefs].map((c) => ({
    ...c,
    position: -1,
    order: 'none' as const,
    cell: cellOf.get(c) as number,
  }));
  const columns = [...key, ...values];
  return {
    keyspace,
    name,
    id,
    columns,
    byName: new Map(columns.map((c) => [c.name, c])),
    partitionKey: columns.filter((c) => c.kind === 'partition_key'),
    clustering: columns.filter((c) => c.kind === 'clustering'),
    regular: columns.filter((c) => c.kind === 'regular'),
    statics: columns.filter((c) => c.kind === 'static'),
    valueColumns: values,
    slotCount: next,
    dropped,
    counter: values.some((c) => isCounterType(c.type)),
    defaultTtl,
    comment,
    indexes,
    options,
  };
}

/** Builds the table of a CREATE TABLE statement; throws Error with Cassandra's message when it is inconsistent. */
export function tableFromStatement(
  s: Extract<Statement, { kind: 'createTable' }>,
  keyspace: string,
  types: Map<string, UdtMeta> = new Map(),
): TableMeta {
  const seen = new Set<string>();
  for (const c of s.columns) {
    if (seen.has(c.name)) throw new Error(`Multiple definition of identifier ${c.name}`);
    seen.add(c.name);
    const durationMisuse = durationMisplaced(c.type) ?? badVectorDimension(c.type);
    if (durationMisuse) throw new Error(durationMisuse);
  }
  const keyNames = [...s.partitionKey, ...s.clustering];
  for (const k of keyNames) if (!seen.has(k)) throw new Error(`Unknown definition ${k} referenced in PRIMARY KEY`);
  if (new Set(keyNames).size !== keyNames.length) throw new Error('Duplicate column in PRIMARY KEY');
  for (const c of s.columns) {
    if (keyNames.includes(c.name) && isCounterType(c.type))
      throw new Error(`counter type is not supported for PRIMARY KEY column '${c.name}'`);
    if (keyNames.includes(c.name) && containsDuration(c.type))
      throw new Error(`duration type is not supported for PRIMARY KEY column '${c.name}'`);
    if (c.isStatic) {
      if (s.clustering.length === 0)
        throw new Error(
          `Static columns are only useful (and thus allowed) if the table has at least one clustering column`,
        );
      if (keyNames.includes(c.name)) throw new Error(`Static column '${c.name}' cannot be part of the PRIMARY KEY`);
    }
  }
  const values = s.columns.filter((c) => !keyNames.includes(c.name));
  if (values.some((c) => isCounterType(c.type))) {
    if (values.some((c) => !isCounterType(c.type)))
      throw new Error('Cannot mix counter and non counter columns in the same table');
    const ttl = s.options.get('default_time_to_live');
    if (ttl?.kind === 'number' && Number(ttl.text) > 0)
      throw new Error('Cannot set default_time_to_live on a table with counters');
  }
  for (const [col] of s.clusteringOrder)
    if (!s.clustering.includes(col))
      throw new Error(`Only clustering key columns can be defined in CLUSTERING ORDER directive: ${col}`);
  const orderNames = [...s.clusteringOrder.keys()];
  if (orderNames.some((n, i) => s.clustering[i] !== n) && orderNames.length > 0)
    throw new Error('The order of columns in the CLUSTERING ORDER directive must match that of the clustering columns');
  const defs = s.columns.map((given) => {
    const c = { ...given, type: resolveType(given.type, keyspace, types) };
    const pk = s.partitionKey.indexOf(c.name);
    const ck = s.clustering.indexOf(c.name);
    if (
      (pk >= 0 || ck >= 0) &&
      c.type.kind !== 'native' &&
      !('frozen' in c.type && c.type.frozen) &&
      c.type.kind !== 'tuple' &&
      c.type.kind !== 'custom'
    )
      throw new Error(`Invalid non-frozen collection type for PRIMARY KEY component ${c.name}`);
    if (pk >= 0)
      return { name: c.name, type: c.type, kind: 'partition_key' as const, position: pk, order: 'none' as const };
    if (ck >= 0) {
      // A `'ReversedType(...)'` clustering column is its inner type in descending order, as Cassandra reports it.
      const inner = s.clusteringOrder.has(c.name) ? null : reversedInner(c.type);
      return {
        name: c.name,
        type: inner ?? c.type,
        kind: 'clustering' as const,
        position: ck,
        order: inner ? ('desc' as const) : (s.clusteringOrder.get(c.name) ?? ('asc' as const)),
      };
    }
    return {
      name: c.name,
      type: c.type,
      kind: c.isStatic ? 'static' : 'regular',
      position: -1,
      order: 'none',
    } as const;
  });
  const ttl = s.options.get('default_time_to_live');
  const comment = s.options.get('comment');
  return buildTable(
    keyspace,
    s.table.table,
    randomUUID(),
    defs,
    ttl?.kind === 'number' ? Number(ttl.text) : 0,
    comment?.kind === 'string' ? comment.value : '',
    [],
    tableOptionsFrom(s.options),
  );
}

/** Expands `{'class': 'SimpleStrategy', ...}` to what system_schema.keyspaces reports; throws on a bad strategy. */
export function normaliseReplication(options: Map<string, string>): Record<string, string> {
  const cls = options.get('class');
  if (cls === undefined) throw new Error('Missing replication strategy class');
  const short = cls.replace(/^org\.apache\.cassandra\.locator\./, '');
  const out: Record<string, string> = { class: `org.apache.cassandra.locator.${short}` };
  if (short === 'SimpleStrategy') {
    const rf = options.get('replication_factor');
    if (rf === undefined) throw new Error('SimpleStrategy requires a replication_factor strategy option.');
    if (!/^\d+$/.test(rf)) throw new Error(`Replication factor must be non-negative; found ${rf}`);
    out.replication_factor = rf;
    for (const k of options.keys())
      if (k !== 'class' && k !== 'replication_factor')
        throw new Error(`Unrecognized strategy option {${k}} passed to SimpleStrategy`);
  } else if (short === 'NetworkTopologyStrategy') {
    for (const [k, v] of options) {
      if (k === 'class') continue;
      if (!/^\d+$/.test(v)) throw new Error(`Replication factor must be non-negative; found ${v}`);
      out[k] = v;
    }
  } else throw new Error(`Unable to find replication strategy class '${cls}'`);
  return out;
}

export function schemaToJson(keyspaces: Map<string, KeyspaceMeta>, version: string): SchemaJson {
  return {
    version,
    keyspaces: [...keyspaces.values()].map((k) => ({
      name: k.name,
      replication: k.replication,
      durableWrites: k.durableWrites,
      types: [...k.types.values()].map((u) => ({
        name: u.name,
        fields: u.fields.map((f) => ({ name: f.name, type: formatCqlType(f.type) })),
      })),
      tables: [...k.tables.values()].map((t) => ({
        name: t.name,
        id: t.id,
        defaultTtl: t.defaultTtl,
        comment: t.comment,
        indexes: t.indexes,
        options: t.options,
        columns: t.columns.map((c) => ({
          name: c.name,
          type: formatCqlType(c.type),
          kind: c.kind,
          position: c.position,
          order: c.order,
          ...(c.cell >= 0 ? { cell: c.cell } : {}),
        })),
        ...(t.dropped.length > 0 ? { dropped: t.dropped } : {}),
        ...(t.view ? { view: t.view } : {}),
      })),
    })),
  };
}

export function parseTypeText(text: string): CqlType {
  const c = new Cursor(text);
  const t = c.type();
  c.end();
  return t;
}

export function schemaFromJson(json: SchemaJson): Map<string, KeyspaceMeta> {
  const out = new Map<string, KeyspaceMeta>();
  for (const k of json.keyspaces) {
    const types = new Map<string, UdtMeta>();
    for (const u of k.types ?? [])
      types.set(u.name, {
        name: u.name,
        fields: u.fields.map((f) => ({ name: f.name, type: resolveType(parseTypeText(f.type), k.name, types) })),
      });
    const tables = new Map<string, TableMeta>();
    for (const t of k.tables)
      tables.set(t.name, {
        ...buildTable(
          k.name,
          t.name,
          t.id,
          t.columns.map((c) => ({ ...c, type: resolveType(parseTypeText(c.type), k.name, types) })),
          t.defaultTtl,
          t.comment,
          t.indexes ?? [],
          tableOptionsFromJson(t.options),
          t.dropped ?? [],
        ),
        ...(t.view ? { view: t.view } : {}),
      });
    out.set(k.name, { name: k.name, replication: k.replication, durableWrites: k.durableWrites, tables, types });
  }
  return out;
}
