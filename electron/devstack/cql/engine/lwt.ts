// Lightweight transactions: the current row, IF conditions and the `[applied]` result.
import type { Condition } from './ast';
import { columnOf, InvalidRequest, termBytes } from './bind';
import type { ColumnMeta, TableMeta } from './catalog';
import { native } from './cqlType';
import { decodeClustering, decodePartitionKey } from './keyCodec';
import { liveCells, mergeRows, type Cell } from './rowCodec';
import type { TableData } from './tableData';
import type { BoundValue, ColumnSpec, ExecutionResult } from './types';
import { compareValues } from './valueCompare';

/**
 * The live cells of the row at `ck` (by slot), with the partition's static cells over them when the table has static
 * columns (`ck` null: only those); null when neither exists. Rows written earlier in the batch are merged in.
 */
export function currentCells(
  data: TableData,
  token: bigint,
  key: Buffer,
  ck: Buffer | null,
  ctx: { nowSeconds: number; pending?: (data: TableData, key: Buffer, ck: Buffer) => Buffer | undefined },
): (Cell | null)[] | null {
  const row = ck === null ? null : currentRow(data, token, key, ck, ctx.nowSeconds, ctx.pending?.(data, key, ck));
  if (data.meta.statics.length === 0) return row;
  const statics = currentRow(data, token, key, STATIC_CK, ctx.nowSeconds, ctx.pending?.(data, key, STATIC_CK));
  if (statics === null) return row;
  const out = row ?? new Array<Cell | null>(data.meta.slotCount).fill(null);
  for (const c of data.meta.statics) out[c.cell] = statics[c.cell] ?? null;
  return out;
}

const STATIC_CK = Buffer.alloc(0);

/** The live cells of a row (by slot), or null if the row does not exist; `pending` is merged over the stored row. */
export function currentRow(
  data: TableData,
  token: bigint,
  key: Buffer,
  ck: Buffer,
  nowSeconds: number,
  pending?: Buffer,
): (Cell | null)[] | null {
  const p = data.partitions.find(token, key);
  let stored: Buffer | undefined;
  if (p) {
    const at = data.meta.clustering.length === 0 ? (p.rows.length > 0 ? 0 : -1) : data.rowIndex(p, ck);
    if (at >= 0) stored = p.rows[at] as Buffer;
  }
  const row = pending === undefined ? stored : mergeRows(stored, pending, null);
  return row === undefined ? null : liveCells(row, data.meta.slotCount, nowSeconds);
}

function appliedColumn(table: TableMeta): ColumnSpec {
  return { keyspace: table.keyspace, table: table.name, name: '[applied]', type: native('boolean') };
}

export function lwtResult(
  table: TableMeta,
  applied: boolean,
  columns: ColumnMeta[],
  values: (Buffer | null)[],
): ExecutionResult {
  return {
    kind: 'rows',
    columns: [
      appliedColumn(table),
      ...columns.map((c) => ({ keyspace: table.keyspace, table: table.name, name: c.name, type: c.type })),
    ],
    rows: [[Buffer.from([applied ? 1 : 0]), ...values]],
    pagingState: null,
  };
}

export function fullRow(table: TableMeta, key: Buffer, ck: Buffer, cells: (Cell | null)[]): (Buffer | null)[] {
  return [
    ...decodePartitionKey(key, table.partitionKey.length),
    ...decodeClustering(ck, table.clustering.length),
    ...table.valueColumns.map((c) => cells[c.cell]?.value ?? null),
  ];
}

export function conditionsHold(
  table: TableMeta,
  conditions: Condition[],
  cells: (Cell | null)[] | null,
  bound: BoundValue[],
): boolean {
  return conditions.every((cond) => {
    const c = columnOf(table, cond.column);
    if (c.cell < 0) throw new InvalidRequest(`PRIMARY KEY column '${c.name}' cannot have IF conditions`);
    const current = cells?.[c.cell]?.value ?? null;
    const v = termBytes(cond.term, c.type, bound, c.name);
    const expected = v === 'unset' ? null : v;
    if (expected === null || current === null)
      return cond.op === '=' ? expected === current : cond.op === '!=' ? expected !== current : false;
    const cmp = compareValues(c.type, current, expected);
    return { '=': cmp === 0, '!=': cmp !== 0, '<': cmp < 0, '<=': cmp <= 0, '>': cmp > 0, '>=': cmp >= 0 }[cond.op];
  });
}
