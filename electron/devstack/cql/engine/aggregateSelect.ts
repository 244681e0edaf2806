// Aggregate SELECTs: one row over everything read (LIMIT and PER PARTITION LIMIT cap the rows read, as Cassandra's
// CQL limits do), or GROUP BY the partition key and a clustering prefix, where LIMIT, PER PARTITION LIMIT and the
// page size count groups and a page ends after a whole group (the state points at its last row).
import type { Statement } from './ast';
import { columnOf, InvalidRequest } from './bind';
import type { TableMeta } from './catalog';
import type { ReadPlan } from './restrictions';
import { isLive } from './rowCodec';
import { candidatePartitions, encodePagingState, matchingRows, type Emitted, type Position } from './select';
import type { Selection } from './selection';
import type { TableData } from './tableData';
import type { ExecutionResult } from './types';

type SelectStatement = Extract<Statement, { kind: 'select' }>;

const ORDER_MESSAGE =
  'Group by currently only support groups of columns following their declared order in the PRIMARY KEY';

/** How many clustering columns the GROUP BY of `s` groups on, checked as Cassandra checks it. */
export function groupByPrefix(table: TableMeta, s: SelectStatement): number {
  const keyColumns = [...table.partitionKey, ...table.clustering];
  const restrictedByEq = (name: string) =>
    s.where.some((r) => r.kind === 'compare' && r.op === '=' && r.column === name);
  let at = 0;
  let prefix = 0;
  for (const name of s.groupBy ?? []) {
    const def = columnOf(table, name);
    if (def.kind !== 'partition_key' && def.kind !== 'clustering')
      throw new InvalidRequest(
        `Group by is currently only supported on the columns of the PRIMARY KEY, got ${def.name}`,
      );
    for (;;) {
      const pk = keyColumns[at++];
      if (!pk) throw new InvalidRequest(ORDER_MESSAGE);
      if (pk.kind === 'clustering') prefix++;
      if (pk === def) break;
      if (!restrictedByEq(pk.name)) throw new InvalidRequest(ORDER_MESSAGE);
    }
  }
  if (keyColumns[at]?.kind === 'partition_key')
    throw new InvalidRequest('Group by is not supported on only a part of the partition key');
  if (prefix > 0 && s.distinct)
    throw new InvalidRequest('Grouping on clustering columns is not allowed for SELECT DISTINCT queries');
  return prefix;
}

export interface AggregateRun {
  from: Position | null;
  reversed: boolean;
  nowSeconds: number;
  /** Whether WHERE restricts clustering columns (a partition's lone static row is then not a result row). */
  ckRestricted: boolean;
  /** Clustering columns in the group key; null: no GROUP BY, one group. */
  groupPrefix: number | null;
  limit: number;
  perPartition: number;
  pageSize: number | null;
}

export function runAggregate(
  s: SelectStatement,
  data: TableData,
  plan: ReadPlan,
  sel: Selection,
  run: AggregateRun,
): ExecutionResult {
  const { limit, perPartition } = run;
  const unlimited = perPartition === Number.MAX_SAFE_INTEGER;
  if (run.groupPrefix === null) {
    const group = sel.group();
    const onlyCount = s.selectors !== '*' && s.selectors.every((x) => x.kind === 'count');
    if (onlyCount && plan.filters.length === 0 && unlimited && !s.json && data.meta.statics.length === 0) {
      // Liveness straight from the packed bytes: no per-row objects while counting a large table.
      let n = 0;
      const row = { partition: { token: 0n }, values: [], cells: [] };
      counting: for (const p of candidatePartitions(data, plan, null))
        for (const packed of p.rows)
          if (isLive(packed, run.nowSeconds)) {
            group.add(row);
            if (++n >= limit) break counting;
          }
    } else {
      let n = 0;
      let partition: Buffer | null = null;
      let inPartition = 0;
      for (const r of matchingRows(data, plan, null, run.reversed, run.nowSeconds, run.ckRestricted)) {
        if (!unlimited) {
          if (partition === null || !r.partition.key.equals(partition)) {
            partition = r.partition.key;
            inPartition = 0;
          }
          if (inPartition++ >= perPartition) continue;
        }
        group.add(r);
        if (++n >= limit) break;
      }
    }
    return { kind: 'rows', columns: sel.specs, rows: [group.result()], pagingState: null };
  }
  return groupedRows(data, plan, sel, run);
}

function groupedRows(data: TableData, plan: ReadPlan, sel: Selection, run: AggregateRun): ExecutionResult {
  const { from, limit, perPartition } = run;
  const pageSize = run.pageSize !== null && run.pageSize > 0 ? run.pageSize : Number.MAX_SAFE_INTEGER;
  const nk = data.meta.partitionKey.length;
  const keyEnd = nk + (run.groupPrefix as number);
  const rows: (Buffer | null)[][] = [];
  let group: ReturnType<Selection['group']> | null = null;
  let groupRow: Emitted | null = null;
  let last: Emitted | null = null;
  let partition: Buffer | null = from ? from.key : null;
  let inPartition = from?.inPartition ?? 0;
  // Groups handed out of the partition of `last` (the state carries it over a page boundary).
  let handed = inPartition;
  let more = false;
  const sameGroup = (a: Emitted, b: Emitted) => {
    if (!a.partition.key.equals(b.partition.key)) return false;
    for (let i = nk; i < keyEnd; i++) {
      const x = a.values[i] ?? null;
      const y = b.values[i] ?? null;
      if (x === null || y === null ? x !== y : !x.equals(y)) return false;
    }
    return true;
  };
  for (const r of matchingRows(data, plan, from, run.reversed, run.nowSeconds, run.ckRestricted)) {
    if (group !== null && groupRow !== null && sameGroup(groupRow, r)) {
      group.add(r);
      last = r;
      continue;
    }
    if (partition === null || !r.partition.key.equals(partition)) {
      partition = r.partition.key;
      inPartition = 0;
    }
    if (inPartition >= perPartition) continue;
    if (group !== null) rows.push(group.result());
    group = null;
    if (rows.length >= Math.min(pageSize, limit)) {
      more = rows.length < limit;
      break;
    }
    group = sel.group();
    group.add(r);
    groupRow = r;
    last = r;
    handed = ++inPartition;
  }
  if (group !== null) rows.push(group.result());
  const pagingState =
    more && last
      ? encodePagingState({
          token: last.partition.token,
          key: last.partition.key,
          ck: last.ck,
          remaining: limit === Number.MAX_SAFE_INTEGER ? -1 : limit - rows.length,
          inPartition: handed,
        })
      : null;
  return { kind: 'rows', columns: sel.specs, rows, pagingState };
}
