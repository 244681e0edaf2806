// SELECT over one table's data: key lookups or token-ordered scans, clustering order (or its reverse), filters,
// the selection (selection.ts; aggregates and GROUP BY in aggregateSelect.ts), LIMIT, PER PARTITION LIMIT, and
// paging with an opaque state that records the last row handed out (token, partition key, clustering key), the rows
// LIMIT still allows and, with PER PARTITION LIMIT, the rows already handed out of that partition.
import type { Statement } from './ast';
import { groupByPrefix, runAggregate } from './aggregateSelect';
import { columnOf, InvalidRequest, requiredBytes } from './bind';
import type { TableMeta } from './catalog';
import { native } from './cqlType';
import { decodeClustering, decodePartitionKey } from './keyCodec';
import type { Partition } from './partition';
import { planRead, type ReadPlan } from './restrictions';
import { liveCells, type Cell } from './rowCodec';
import { compileSelection } from './selection';
import { TOKEN_MARGIN, valueHash } from './secondaryIndex';
import type { TableData } from './tableData';
import type { BoundValue, ColumnSpec, ExecutionResult } from './types';

export type SelectStatement = Extract<Statement, { kind: 'select' }>;

export interface Position {
  token: bigint;
  key: Buffer;
  ck: Buffer;
  remaining: number;
  /** Rows (or groups) of the last partition already handed out, for PER PARTITION LIMIT; version 2 states only. */
  inPartition?: number;
}

export function encodePagingState(p: Position): Buffer {
  const extra = p.inPartition === undefined ? 0 : 4;
  const b = Buffer.alloc(1 + 8 + 4 + p.key.length + 4 + p.ck.length + 4 + extra);
  b[0] = extra === 0 ? 1 : 2;
  b.writeBigInt64BE(p.token, 1);
  b.writeUInt32BE(p.key.length, 9);
  p.key.copy(b, 13);
  let at = 13 + p.key.length;
  b.writeUInt32BE(p.ck.length, at);
  p.ck.copy(b, at + 4);
  at += 4 + p.ck.length;
  b.writeInt32BE(p.remaining, at);
  if (p.inPartition !== undefined) b.writeInt32BE(p.inPartition, at + 4);
  return b;
}

export function decodePagingState(b: Buffer): Position {
  try {
    if (b[0] !== 1 && b[0] !== 2) throw new Error('version');
    const token = b.readBigInt64BE(1);
    const kl = b.readUInt32BE(9);
    const key = b.subarray(13, 13 + kl);
    let at = 13 + kl;
    const cl = b.readUInt32BE(at);
    const ck = b.subarray(at + 4, at + 4 + cl);
    at += 4 + cl;
    const remaining = b.readInt32BE(at);
    if (key.length !== kl || ck.length !== cl) throw new Error('short');
    if (b[0] === 1) return { token, key, ck, remaining };
    return { token, key, ck, remaining, inPartition: b.readInt32BE(at + 4) };
  } catch {
    throw new InvalidRequest('Invalid value for the paging state');
  }
}

export interface Emitted {
  partition: Partition;
  ck: Buffer;
  values: (Buffer | null)[];
  cells: (Cell | null)[];
}

/** Partitions in the token ranges where the index has the value, in token order, from `from` on. */
function* indexedPartitions(data: TableData, plan: ReadPlan, from: Position | null): Generator<Partition> {
  const { name, value } = plan.index as { name: string; value: Buffer };
  const ix = data.index(name);
  if (!ix) throw new InvalidRequest(`Index ${name} is not available`);
  let last: Partition | null = null;
  for (const high of ix.highsOf(valueHash(value))) {
    const lo = BigInt(high) * 4294967296n - TOKEN_MARGIN;
    const hi = (BigInt(high) + 1n) * 4294967296n + TOKEN_MARGIN;
    let start = lo;
    if (last !== null && last.token >= start) start = last.token;
    if (from && from.token > start) start = from.token;
    if (plan.lower && plan.lower.token > start) start = plan.lower.token;
    for (const p of data.partitions.scan(start, null, false)) {
      if (p.token >= hi) break;
      if (plan.upper && (p.token > plan.upper.token || (!plan.upper.inclusive && p.token === plan.upper.token))) return;
      if (plan.lower && !plan.lower.inclusive && p.token === plan.lower.token) continue;
      // Ranges of neighbouring highs overlap by the margin: never hand out a partition twice.
      if (last !== null && (p.token < last.token || (p.token === last.token && Buffer.compare(p.key, last.key) <= 0)))
        continue;
      if (from && (p.token < from.token || (p.token === from.token && Buffer.compare(p.key, from.key) < 0))) continue;
      last = p;
      yield p;
    }
  }
}

export function* candidatePartitions(data: TableData, plan: ReadPlan, from: Position | null): Generator<Partition> {
  if (plan.index !== null) {
    yield* indexedPartitions(data, plan, from);
    return;
  }
  if (plan.keys !== null) {
    for (const k of plan.keys) {
      if (from && (k.token < from.token || (k.token === from.token && Buffer.compare(k.key, from.key) < 0))) continue;
      const p = data.partitions.find(k.token, k.key);
      if (p) yield p;
    }
    return;
  }
  const start = from
    ? data.partitions.scan(from.token, from.key, false)
    : plan.lower
      ? data.partitions.scan(plan.lower.token, null, false)
      : data.partitions.scan(null, null, false);
  for (const p of start) {
    if (plan.lower && (p.token < plan.lower.token || (!plan.lower.inclusive && p.token === plan.lower.token))) continue;
    if (plan.upper && (p.token > plan.upper.token || (!plan.upper.inclusive && p.token === plan.upper.token))) return;
    yield p;
  }
}

export function* matchingRows(
  data: TableData,
  plan: ReadPlan,
  from: Position | null,
  reversed: boolean,
  nowSeconds: number,
  clusteringRestricted: boolean,
): Generator<Emitted> {
  const table = data.meta;
  const nk = table.partitionKey.length;
  const nc = table.clustering.length;
  const valueColumns = table.valueColumns;
  const hasStatics = table.statics.length > 0;
  for (const p of candidatePartitions(data, plan, from)) {
    const key = p.key;
    const rows = p.rows;
    const pk = decodePartitionKey(key, nk);
    const n = rows.length;
    let i = 0;
    const resumed = from !== null && p.token === from.token && key.equals(from.key);
    if (resumed) {
      // Resume after the last row handed out in this partition.
      const at = data.rowIndex(p, (from as Position).ck);
      i = reversed ? (at >= 0 ? n - at : n - (-at - 1)) : at >= 0 ? at + 1 : -at - 1;
    }
    // The static row (empty clustering key) sorts first; its cells join every row of the partition.
    const statics =
      hasStatics && n > 0 && (p.cks[0] as Buffer).length === 0
        ? staticCells(rows[0] as Buffer, table, nowSeconds)
        : null;
    let emitted = false;
    for (; i < n; i++) {
      const r = reversed ? n - 1 - i : i;
      const ck = p.cks[r] as Buffer;
      if (hasStatics && ck.length === 0) continue;
      const cells = liveCells(rows[r] as Buffer, table.slotCount, nowSeconds);
      if (cells === null) continue;
      if (statics !== null) for (const c of table.statics) cells[c.cell] = statics[c.cell] ?? null;
      const values: (Buffer | null)[] = [...pk, ...decodeClustering(ck, nc)];
      for (const c of valueColumns) values.push(cells[c.cell]?.value ?? null);
      emitted = true;
      if (plan.filters.every((f) => f(values))) yield { partition: p, ck, values, cells };
    }
    // A partition with static values and no rows still shows once (clustering and regular columns null).
    if (statics !== null && !emitted && !resumed && !clusteringRestricted) {
      const values: (Buffer | null)[] = [...pk, ...new Array<null>(nc).fill(null)];
      for (const c of valueColumns) values.push(statics[c.cell]?.value ?? null);
      if (plan.filters.every((f) => f(values))) yield { partition: p, ck: EMPTY, values, cells: statics };
    }
  }
}

const EMPTY = Buffer.alloc(0);

/** The live static cells of a partition's static row (by slot), or null when none is live. */
function staticCells(row: Buffer, table: TableMeta, nowSeconds: number): (Cell | null)[] | null {
  const cells = liveCells(row, table.slotCount, nowSeconds);
  return cells !== null && table.statics.some((c) => cells[c.cell] != null) ? cells : null;
}

export interface SelectContext {
  nowSeconds: number;
  /** The release the node behaves as (`5.0.2`, `4.1.5`): some functions differ. */
  releaseVersion?: string;
  pageSize: number | null;
  pagingState: Buffer | null;
}

export function runSelect(
  s: SelectStatement,
  data: TableData,
  bound: BoundValue[],
  ctx: SelectContext,
): ExecutionResult {
  const table = data.meta;
  const plan = planRead(table, s.where, bound, s.allowFiltering);
  let reversed = false;
  if (s.orderBy.length > 0) {
    if (!plan.partitionRestricted)
      throw new InvalidRequest('ORDER BY is only supported when the partition key is restricted by an EQ or an IN.');
    s.orderBy.forEach((o, i) => {
      const c = columnOf(table, o.column);
      if (c.kind !== 'clustering' || c.position !== i)
        throw new InvalidRequest(
          `Order by currently only supports the ordering of columns following their declared order in the PRIMARY KEY`,
        );
    });
    const first = s.orderBy[0] as { column: string; desc: boolean };
    const stored = columnOf(table, first.column).order;
    reversed = first.desc !== (stored === 'desc');
    s.orderBy.forEach((o) => {
      const c = columnOf(table, o.column);
      if ((o.desc !== (c.order === 'desc')) !== reversed) throw new InvalidRequest('Unsupported order by relation');
    });
  }
  const sel = compileSelection(table, s.selectors, bound, ctx.nowSeconds, s.json === true, ctx.releaseVersion);
  const specs = sel.specs;
  let limit = s.limit
    ? requiredBytes(s.limit, native('int'), bound, '[limit]').readInt32BE(0)
    : Number.MAX_SAFE_INTEGER;
  if (limit <= 0) throw new InvalidRequest('LIMIT must be strictly positive');
  let perPartition = Number.MAX_SAFE_INTEGER;
  if (s.perPartitionLimit) {
    if (s.distinct) throw new InvalidRequest('PER PARTITION LIMIT is not allowed with SELECT DISTINCT queries');
    perPartition = requiredBytes(s.perPartitionLimit, native('int'), bound, '[per_partition_limit]').readInt32BE(0);
    if (perPartition <= 0) throw new InvalidRequest('PER PARTITION LIMIT must be strictly positive');
  }
  const from = ctx.pagingState && ctx.pagingState.length > 0 ? decodePagingState(ctx.pagingState) : null;
  if (from && from.remaining >= 0) limit = from.remaining;

  const ckRestricted = s.where.some((r) => r.kind !== 'token' && table.byName.get(r.column)?.kind === 'clustering');
  const groupPrefix = s.groupBy ? groupByPrefix(table, s) : null;
  if (sel.aggregate || groupPrefix !== null) {
    const limits = { limit, perPartition, pageSize: ctx.pageSize };
    const result = runAggregate(s, data, plan, sel, {
      from,
      reversed,
      nowSeconds: ctx.nowSeconds,
      ckRestricted,
      groupPrefix,
      ...limits,
    });
    return { ...result, ...aggregationWarnings(s, table, plan) };
  }

  const pageSize = ctx.pageSize !== null && ctx.pageSize > 0 ? ctx.pageSize : Number.MAX_SAFE_INTEGER;
  const rows: (Buffer | null)[][] = [];
  let last: Emitted | null = null;
  let more = false;
  let lastKey: string | null = null;
  // PER PARTITION LIMIT: rows handed out from the current partition, carried over a page boundary by the state.
  const limitPerPartition = perPartition !== Number.MAX_SAFE_INTEGER;
  let partition: Buffer | null = from && limitPerPartition ? from.key : null;
  let inPartition = from?.inPartition ?? 0;
  // Rows handed out of the partition of `last`: a page may end on the first row of the next partition.
  let handed = inPartition;
  for (const r of matchingRows(data, plan, from, reversed, ctx.nowSeconds, ckRestricted)) {
    if (s.distinct) {
      const k = r.partition.key.toString('latin1');
      if (k === lastKey) continue;
      lastKey = k;
    }
    if (limitPerPartition) {
      if (partition === null || !r.partition.key.equals(partition)) {
        partition = r.partition.key;
        inPartition = 0;
      }
      if (inPartition >= perPartition) continue;
    }
    if (rows.length >= Math.min(pageSize, limit)) {
      more = rows.length < limit;
      break;
    }
    rows.push(sel.row(r));
    handed = ++inPartition;
    last = r;
  }
  const pagingState =
    more && last
      ? encodePagingState({
          token: last.partition.token,
          key: last.partition.key,
          // DISTINCT resumes at the next partition: the largest possible clustering position is past every row.
          ck: s.distinct ? Buffer.alloc(0) : last.ck,
          remaining: limit === Number.MAX_SAFE_INTEGER ? -1 : limit - rows.length,
          ...(limitPerPartition ? { inPartition: handed } : {}),
        })
      : null;
  if (s.distinct && more && last)
    return { kind: 'rows', columns: specs, rows, pagingState: distinctState(last, limit, rows.length) };
  return { kind: 'rows', columns: specs, rows, pagingState };
}

/** DISTINCT pages end on a partition boundary; the state points just past it. */
function distinctState(last: Emitted, limit: number, returned: number): Buffer {
  const key = Buffer.concat([last.partition.key, Buffer.from([0])]);
  return encodePagingState({
    token: last.partition.token,
    key,
    ck: Buffer.alloc(0),
    remaining: limit === Number.MAX_SAFE_INTEGER ? -1 : limit - returned,
  });
}

/** The result columns a SELECT returns, for PREPARE's result metadata. */
export function selectColumns(table: TableMeta, s: SelectStatement, releaseVersion?: string): ColumnSpec[] {
  return compileSelection(table, s.selectors, [], 0, s.json === true, releaseVersion).specs;
}

/** Cassandra's warnings for an aggregate read over more than one partition. */
export function aggregationWarnings(s: SelectStatement, table: TableMeta, plan: ReadPlan): { warnings?: string[] } {
  if (!plan.partitionRestricted) return { warnings: ['Aggregation query used without partition key'] };
  const inOnKey = s.where.some(
    (r) => (r.kind === 'in' || r.kind === 'inMarker') && table.partitionKey.some((c) => c.name === r.column),
  );
  return inOnKey ? { warnings: ['Aggregation query used on multiple partition keys (IN restriction)'] } : {};
}
