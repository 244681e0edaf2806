// ALTER TABLE against the catalog, with Cassandra's checks and messages (AlterTableStatement): ADD (new columns take
// new cell slots, so rows already stored need no rewrite), DROP (recorded in dropped_columns; Storage purges the
// column's cells), RENAME of primary-key columns, WITH options merged over the table's own.
import type { Statement } from './ast';
import { InvalidRequest } from './bind';
import { buildTable, isCounterType, type ColumnDef, type DroppedColumn, type TableMeta } from './catalog';
import { formatCqlType } from './cqlType';
import { alteredTableOptions } from './tableOptions';
import { resolveType, type UdtMeta } from './userTypes';

type AlterTable = Extract<Statement, { kind: 'alterTable' }>;

const defOf = (t: TableMeta): ColumnDef[] =>
  t.columns.map((c) => ({
    name: c.name,
    type: c.type,
    kind: c.kind,
    position: c.position,
    order: c.order,
    cell: c.cell,
  }));

function rebuild(t: TableMeta, defs: ColumnDef[], changes: Partial<TableMeta> = {}): TableMeta {
  const keyed = defs.map((d) => (d.cell === -1 ? { ...d, cell: undefined } : d));
  const next = buildTable(t.keyspace, t.name, t.id, keyed, t.defaultTtl, t.comment, t.indexes, t.options, t.dropped);
  return { ...next, ...changes };
}

/** The table after the ALTER, or null when IF [NOT] EXISTS made it a no-op; throws InvalidRequest otherwise. */
export function alterTable(
  s: AlterTable,
  t: TableMeta,
  nowMicros: bigint,
  types: Map<string, UdtMeta> = new Map(),
): TableMeta | null {
  const a = s.action;
  const name = `${t.keyspace}.${t.name}`;
  switch (a.kind) {
    case 'alterType':
      throw new InvalidRequest('Altering column types is no longer supported');
    case 'add': {
      const defs = defOf(t);
      let added = 0;
      for (const c of a.columns) {
        if (defs.some((d) => d.name === c.name)) {
          if (a.ifNotExists) continue;
          throw new InvalidRequest(`Column with name '${c.name}' already exists`);
        }
        if (c.isStatic && t.clustering.length === 0)
          throw new InvalidRequest(
            'Static columns are only useful (and thus allowed) if the table has at least one clustering column',
          );
        const dropped = t.dropped.find((d) => d.name === c.name);
        if (dropped) {
          const kind = c.isStatic ? 'static' : 'regular';
          if (dropped.type !== formatCqlType(c.type))
            throw new InvalidRequest(
              `Cannot re-add previously dropped column '${c.name}' of type ${formatCqlType(c.type)}, incompatible with previous type ${dropped.type}`,
            );
          if (dropped.kind !== kind)
            throw new InvalidRequest(
              `Cannot re-add previously dropped column '${c.name}' of kind ${kind.toUpperCase()}, incompatible with previous kind ${dropped.kind.toUpperCase()}`,
            );
          if (t.counter) throw new InvalidRequest(`Cannot re-add previously dropped counter column ${c.name}`);
        }
        const hasValues = t.valueColumns.length > 0;
        if (hasValues && t.counter && !isCounterType(c.type))
          throw new InvalidRequest(`Cannot add a non counter column (${c.name}) in a counter table`);
        if (hasValues && !t.counter && isCounterType(c.type))
          throw new InvalidRequest(`Cannot add a counter column (${c.name}) in a non counter table`);
        defs.push({
          name: c.name,
          type: resolveType(c.type, t.keyspace, types),
          kind: c.isStatic ? 'static' : 'regular',
          position: -1,
          order: 'none',
        });
        added++;
      }
      return added === 0 ? null : rebuild(t, defs);
    }
    case 'drop': {
      const gone: DroppedColumn[] = [];
      for (const n of a.columns) {
        const c = t.byName.get(n);
        if (!c) {
          if (a.ifExists) continue;
          throw new InvalidRequest(`Column ${n} was not found in table '${name}'`);
        }
        if (c.cell < 0) throw new InvalidRequest(`Cannot drop PRIMARY KEY column ${n}`);
        const indexes = t.indexes.filter((ix) => ix.column === n).map((ix) => ix.name);
        if (indexes.length > 0)
          throw new InvalidRequest(
            `Cannot drop column ${n} because it has dependent secondary indexes (${indexes.join(', ')})`,
          );
        gone.push({
          name: n,
          type: formatCqlType(c.type),
          kind: c.kind === 'static' ? 'static' : 'regular',
          cell: c.cell,
          droppedAt: String(a.timestamp ?? nowMicros),
        });
      }
      if (gone.length === 0) return null;
      const names = new Set(gone.map((g) => g.name));
      const dropped = [...t.dropped.filter((d) => !names.has(d.name)), ...gone];
      return rebuild(
        { ...t, dropped },
        defOf(t).filter((d) => !names.has(d.name)),
      );
    }
    case 'rename': {
      const defs = defOf(t);
      let renamed = 0;
      for (const [from, to] of a.renames) {
        const c = defs.find((d) => d.name === from);
        if (!c) {
          if (a.ifExists) continue;
          throw new InvalidRequest(`Column ${from} was not found in table ${name}`);
        }
        if (c.kind !== 'partition_key' && c.kind !== 'clustering')
          throw new InvalidRequest(`Cannot rename non PRIMARY KEY column ${from}`);
        if (defs.some((d) => d.name === to))
          throw new InvalidRequest(
            `Cannot rename column ${from} to ${to} in table '${name}'; another column with that name already exists`,
          );
        c.name = to;
        renamed++;
      }
      return renamed === 0 ? null : rebuild(t, defs);
    }
    case 'with': {
      let options;
      try {
        options = alteredTableOptions(t.options, a.options);
      } catch (e) {
        throw e instanceof Error && e.constructor === Error ? new InvalidRequest(e.message) : e;
      }
      const ttl = a.options.get('default_time_to_live');
      const comment = a.options.get('comment');
      const defaultTtl = ttl?.kind === 'number' ? Number(ttl.text) : t.defaultTtl;
      if (t.counter && defaultTtl > 0)
        throw new InvalidRequest('Cannot set default_time_to_live on a table with counters');
      return {
        ...t,
        options,
        defaultTtl,
        comment: comment?.kind === 'string' ? comment.value : t.comment,
      };
    }
  }
}
