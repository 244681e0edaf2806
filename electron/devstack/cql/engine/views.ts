// Materialized views: CREATE/DROP MATERIALIZED VIEW with Cassandra's checks, and the view's rows derived from the
// base table's. A view keeps no rows of its own: each read rebuilds them from the base rows stored at that moment,
// which gives every base INSERT/UPDATE/DELETE (TTL and the move of a row whose view-key column changed included) at
// once and needs nothing persisted but the definition — a dev store trades the O(base rows) read for that.
import type { Statement } from './ast';
import { alterTable } from './alterTable';
import { InvalidRequest } from './bind';
import { tableFromStatement, type KeyspaceMeta, type TableMeta } from './catalog';
import { AlreadyExists } from './errors';
import { decodeClustering, decodePartitionKey, encodeClustering, encodePartitionKey } from './keyCodec';
import { murmur3Token } from './murmur3';
import { decodeRow, encodeRow, liveCells, type Cell } from './rowCodec';
import { TableData } from './tableData';
import type { SchemaChange } from './types';

/** The warning Cassandra 4 attaches to CREATE MATERIALIZED VIEW. */
export const VIEW_WARNING = 'Materialized views are experimental and are not recommended for production use.';

type CreateView = Extract<Statement, { kind: 'createView' }>;

const invalid = (message: string): never => {
  throw new InvalidRequest(message);
};

/** The names of the views defined on `base`. */
export function viewsOf(keyspace: KeyspaceMeta, base: string): string[] {
  return [...keyspace.tables.values()].filter((t) => t.view?.baseTable === base).map((t) => t.name);
}

/** Checks a CREATE MATERIALIZED VIEW and builds the view; null when it exists and IF NOT EXISTS was given. */
export function createView(s: CreateView, keyspace: KeyspaceMeta): TableMeta | null {
  const ks = keyspace.name;
  if (s.base.keyspace !== null && s.base.keyspace !== ks)
    invalid('Cannot create a materialized view on a table in a different keyspace');
  const base = keyspace.tables.get(s.base.table);
  if (!base) return invalid(`Table '${ks}.${s.base.table}' doesn't exist`);
  if (base.view) invalid('Materialized views cannot be created against other materialized views');
  if (base.counter) invalid('Materialized views are not supported on counter tables');
  if (base.statics.length > 0) invalid('Materialized views are not supported on base tables with static columns');
  if (keyspace.tables.has(s.view.table)) {
    if (s.ifNotExists) return null;
    throw new AlreadyExists(
      `Cannot add already existing table "${s.view.table}" to keyspace "${ks}"`,
      ks,
      s.view.table,
    );
  }
  const selected = s.columns ?? base.columns.map((c) => c.name);
  for (const name of [...selected, ...s.notNull])
    if (!base.byName.has(name)) invalid(`Undefined column name ${name} in table ${ks}.${base.name}`);
  const keyNames = [...s.partitionKey, ...s.clustering];
  const basePk = new Set([...base.partitionKey, ...base.clustering].map((c) => c.name));
  let nonPk: string | null = null;
  for (const name of keyNames) {
    const column = base.byName.get(name);
    if (!column) return invalid(`Unknown column name detected in CREATE MATERIALIZED VIEW statement: ${name}`);
    if (!basePk.has(name)) {
      if (nonPk !== null)
        invalid(`Cannot include more than one non-primary key column '${name}' in materialized view primary key`);
      const t = column.type;
      if ((t.kind === 'list' || t.kind === 'set' || t.kind === 'map') && !t.frozen)
        invalid(`Cannot use MultiCell column '${name}' in PRIMARY KEY of materialized view`);
      nonPk = name;
    }
    const lonePartitionKey = column.kind === 'partition_key' && base.partitionKey.length === 1;
    if (!lonePartitionKey && !s.notNull.includes(name))
      invalid(`Primary key column '${name}' is required to be filtered by 'IS NOT NULL'`);
  }
  const missing = [...basePk].filter((n) => !keyNames.includes(n));
  if (missing.length > 0)
    invalid(
      `Cannot create Materialized View ${s.view.table} without primary key columns from base ${base.name} (${missing.join(',')})`,
    );
  if (s.options.has('default_time_to_live'))
    invalid(
      'Cannot set default_time_to_live for a materialized view. Data in a materialized view always expire at the same time than the corresponding data in the parent table.',
    );
  const columns = base.columns
    .filter((c) => selected.includes(c.name) || keyNames.includes(c.name))
    .map((c) => ({ name: c.name, type: c.type, isStatic: false }));
  let view: TableMeta;
  try {
    view = tableFromStatement(
      {
        kind: 'createTable',
        table: s.view,
        ifNotExists: false,
        columns,
        partitionKey: s.partitionKey,
        clustering: s.clustering,
        clusteringOrder: s.clusteringOrder,
        options: s.options,
      },
      ks,
      keyspace.types,
    );
  } catch (e) {
    return invalid((e as Error).message);
  }
  const whereClause = s.notNull.map((n) => `${n} IS NOT NULL`).join(' AND ');
  return {
    ...view,
    view: { baseTable: base.name, baseId: base.id, includeAllColumns: s.columns === null, whereClause },
  };
}

/** DROP MATERIALIZED VIEW; the schema change to report, or null (IF EXISTS on a missing view). */
export function dropView(
  s: Extract<Statement, { kind: 'dropView' }>,
  keyspace: KeyspaceMeta | undefined,
  ks: string,
): SchemaChange | null {
  const view = keyspace?.tables.get(s.view.table);
  if (!keyspace || !view?.view) {
    if (s.ifExists) return null;
    if (view) invalid(`Cannot use DROP MATERIALIZED VIEW on Table`);
    return invalid(`Materialized view '${s.view.table}' doesn't exist`);
  }
  keyspace.tables.delete(view.name);
  return { type: 'DROPPED', target: 'TABLE', keyspace: ks, name: view.name };
}

/** The view's rows for the base rows live at `nowSeconds`, in a throw-away TableData. */
export function viewRows(view: TableMeta, base: TableData, nowSeconds: number): TableData {
  const out = new TableData(view);
  const meta = base.meta;
  const nPk = meta.partitionKey.length;
  const nCk = meta.clustering.length;
  // Base key values by name; view value slots by base slot.
  const slotOf = new Map<number, number>();
  for (const c of view.valueColumns) {
    const b = meta.byName.get(c.name);
    if (b && b.cell >= 0) slotOf.set(b.cell, c.cell);
  }
  const viewKey = [...view.partitionKey, ...view.clustering].map((c) => meta.byName.get(c.name));
  for (const p of base.partitions.scan(null, null, false)) {
    const pkValues = decodePartitionKey(p.key, nPk);
    const rows = p.rows;
    const cks = p.cks;
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i] as Buffer;
      const ck = (cks[i] as Buffer | undefined) ?? Buffer.alloc(0);
      if (nCk > 0 && ck.length === 0) continue;
      const live = liveCells(row, meta.slotCount, nowSeconds);
      if (live === null) continue;
      const ckValues = nCk > 0 ? decodeClustering(ck, nCk) : [];
      const keyValues: Buffer[] = [];
      let keyCell: Cell | null = null;
      for (const b of viewKey) {
        if (!b) break;
        if (b.kind === 'partition_key') keyValues.push(pkValues[b.position] as Buffer);
        else if (b.kind === 'clustering') keyValues.push(ckValues[b.position] as Buffer);
        else {
          keyCell = live[b.cell] ?? null;
          if (keyCell?.value == null) break;
          keyValues.push(keyCell.value);
        }
      }
      // A null view-key column (never set, deleted or expired): the base row has no view row.
      if (keyValues.length !== viewKey.length) continue;
      const parts = decodeRow(row);
      const cells: Cell[] = [];
      for (const c of parts.cells) {
        const slot = slotOf.get(c.slot);
        if (slot === undefined || c.value === null || (c.expiry !== 0 && c.expiry <= nowSeconds)) continue;
        cells.push({ ...c, slot });
      }
      let ts = parts.marker?.ts ?? 0n;
      for (const c of parts.cells) if (c.ts > ts) ts = c.ts;
      const marker = keyCell ? { ts, expiry: keyCell.expiry, ttl: keyCell.ttl } : { ts, expiry: 0, ttl: 0 };
      const nViewPk = view.partitionKey.length;
      const key = encodePartitionKey(keyValues.slice(0, nViewPk));
      const viewCk = view.clustering.length > 0 ? encodeClustering(keyValues.slice(nViewPk)) : Buffer.alloc(0);
      out.applyRow(murmur3Token(key), key, viewCk, encodeRow({ marker, deletedAt: null, cells }));
    }
  }
  return out;
}

/**
 * Carries an ALTER TABLE of a base table to its views as Cassandra does: columns added appear in the views that
 * select `*`, renamed key columns are renamed in every view; dropping a column a view selects is refused. Returns the views changed (each gets its own UPDATED event).
 */
export function alterBaseViews(
  s: Extract<Statement, { kind: 'alterTable' }>,
  keyspace: KeyspaceMeta,
  base: string,
  micros: bigint,
): string[] {
  const views = [...keyspace.tables.values()].filter((t) => t.view?.baseTable === base);
  const changed: string[] = [];
  if (views.length === 0) return changed;
  const a = s.action;
  if (a.kind === 'drop')
    for (const name of a.columns)
      if (views.some((v) => v.byName.has(name)))
        invalid(`Cannot drop column ${name} on base table ${base} with materialized views`);
  if (a.kind === 'rename') {
    // Every base key column is in every view's key: the view's column and its WHERE clause follow the new name.
    const to = new Map(a.renames);
    for (const v of views) {
      const altered = alterTable(s, v, micros, keyspace.types);
      if (!altered || !v.view) continue;
      const whereClause = v.view.whereClause
        .split(' AND ')
        .map((cond) => {
          const name = cond.replace(/ IS NOT NULL$/, '');
          return `${to.get(name) ?? name} IS NOT NULL`;
        })
        .join(' AND ');
      keyspace.tables.set(v.name, { ...altered, view: { ...v.view, whereClause } });
      changed.push(v.name);
    }
    return changed;
  }
  if (a.kind !== 'add') return changed;
  for (const v of views) {
    if (!v.view?.includeAllColumns) continue;
    const columns = a.columns.filter((c) => !v.byName.has(c.name));
    if (columns.length === 0) continue;
    const altered = alterTable({ ...s, action: { ...a, columns } }, v, micros, keyspace.types);
    if (altered) keyspace.tables.set(v.name, { ...altered, view: v.view });
    changed.push(v.name);
  }
  return changed;
}
