// What a DML statement's USING and WHERE clauses name: write time, partition and clustering keys.
import type { Relation, Using } from './ast';
import { columnOf, InvalidRequest, requiredBytes } from './bind';
import type { ColumnMeta, TableMeta } from './catalog';
import { native } from './cqlType';
import type { WriteContext } from './mutationTypes';
import type { BoundValue } from './types';
import { readItems } from './valueCheck';

export function writeTime(u: Using, bound: BoundValue[], ctx: WriteContext): { ts: bigint; ttl: number } {
  const ts = u.timestamp
    ? requiredBytes(u.timestamp, native('bigint'), bound, '[timestamp]').readBigInt64BE(0)
    : (ctx.defaultTimestamp ?? ctx.nowMicros);
  const ttl = u.ttl ? requiredBytes(u.ttl, native('int'), bound, '[ttl]').readInt32BE(0) : -1;
  if (ttl < -1 || ttl > 630_720_000) throw new InvalidRequest(`ttl is too large or negative: ${ttl}`);
  return { ts, ttl };
}

/** Values of `columns` from `=`/`IN` relations; a missing or non-EQ key part is an error named like Cassandra's. */
export function keyValues(
  table: TableMeta,
  columns: ColumnMeta[],
  where: Relation[],
  bound: BoundValue[],
  what: string,
): Buffer[][] {
  return columns.map((c) => {
    const r = where.find((x) => x.kind !== 'token' && x.column === c.name);
    if (!r) throw new InvalidRequest(`Some ${what} are missing: ${c.name}`);
    if (r.kind === 'compare' && r.op === '=') return [requiredBytes(r.term, c.type, bound, c.name)];
    if (r.kind === 'in') return r.terms.map((t) => requiredBytes(t, c.type, bound, c.name));
    if (r.kind === 'inMarker')
      return readItems(requiredBytes(r.term, { kind: 'list', element: c.type, frozen: false }, bound, c.name), 1) ?? [];
    throw new InvalidRequest(
      `Invalid operator for PRIMARY KEY part ${c.name} in ${table.name}: only = and IN are supported`,
    );
  });
}

export function cartesian(lists: Buffer[][]): Buffer[][] {
  return lists.reduce<Buffer[][]>((acc, values) => acc.flatMap((prefix) => values.map((v) => [...prefix, v])), [[]]);
}

export function checkWhere(table: TableMeta, where: Relation[]): void {
  for (const r of where) {
    if (r.kind === 'token')
      throw new InvalidRequest('The token function cannot be used in WHERE clauses for UPDATE and DELETE statements');
    const c = columnOf(table, r.column);
    if (c.cell >= 0) throw new InvalidRequest(`Non PRIMARY KEY columns found in where clause: ${c.name}`);
  }
}
