// SELECT over one table's data: key lookups or token-ordered scans, clustering order (or its reverse), filters,
// projections (columns, COUNT(*), writetime, ttl, token), LIMIT, and paging with an opaque state that records the
// last row handed out (token, partition key, clustering key) and the rows LIMIT still allows.
import type { Selector, Statement } from './ast';
import { columnOf, InvalidRequest, requiredBytes } from './bind';
import type { TableMeta } from './catalog';
import { native } from './cqlType';
import { decodeClustering, decodePartitionKey } from './keyCodec';
import type { Partition } from './partition';
import { planRead, type ReadPlan } from './restrictions';
import { isLive, liveCells, type Cell } from './rowCodec';
import { TOKEN_MARGIN, valueHash } from './secondaryIndex';
import type { TableData } from './tableData';
import type { BoundValue, ColumnSpec, ExecutionResult } from './types';

type SelectStatement = Extract<Statement, { kind: 'select' }>;

interface Position {
  token: bigint;
  key: Buffer;
  ck: Buffer;
  remaining: number;
}

export function encodePagingState(p: Position): Buffer {
  const b = Buffer.alloc(1 + 8 + 4 + p.key.length + 4 + p.ck.length + 4);
  b[0] = 1;
  b.writeBigInt64BE(p.token, 1);
  b.writeUInt32BE(p.key.length, 9);
  p.key.copy(b, 13);
  let at = 13 + p.key.length;
  b.writeUInt32BE(p.ck.length, at);
  p.ck.copy(b, at + 4);
  at += 4 + p.ck.length;
  b.writeInt32BE(p.remaining, at);
  return b;
}

export function decodePagingState(b: Buffer): Position {
  try {
    if (b[0] !== 1) throw new Error('version');
    const token = b.readBigInt64BE(1);
    const kl = b.readUInt32BE(9);
    const key = b.subarray(13, 13 + kl);
    let at = 13 + kl;
    const cl = b.readUInt32BE(at);
    const ck = b.subarray(at + 4, at + 4 + cl);
    at += 4 + cl;
    const remaining = b.readInt32BE(at);
    if (key.length !== kl || ck.length !== cl) throw new Error('short');
    return { token, key, ck, remaining };
  } catch {
    throw new InvalidRequest('Invalid value for the paging state');
  }
}

interface Emitted {
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

function* candidatePartitions(data: TableData, plan: ReadPlan, from: Position | null): Generator<Partition> {
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

function* matchingRows(
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

interface Output {
  spec: ColumnSpec;
  value: (row: Emitted) => Buffer | null;
}

function outputs(table: TableMeta, selectors: Selector[] | '*', nowSeconds: number): Output[] {
  const spec = (name: string, type: ColumnSpec['type']): ColumnSpec => ({
    keyspace: table.keyspace,
    table: table.name,
    name,
    type,
  });
  if (selectors === '*')
    return table.columns.map((c, i) => ({ spec: spec(c.name, c.type), value: (r) => r.values[i] ?? null }));
  return selectors.map((s): Output => {
    switch (s.kind) {
      case 'column': {
        const c = columnOf(table, s.column);
        const i = table.columns.indexOf(c);
        return { spec: spec(s.alias ?? c.name, c.type), value: (r) => r.values[i] ?? null };
      }
      case 'count':
        return { spec: spec(s.alias ?? 'count', native('bigint')), value: () => null };
      case 'writetime':
      case 'ttl': {
        const c = columnOf(table, s.column);
        if (c.cell < 0)
          throw new InvalidRequest(`Cannot use selection function ${s.kind} on PRIMARY KEY part ${c.name}`);
        const name = s.alias ?? `${s.kind}(${c.name})`;
        if (s.kind === 'writetime')
          return {
            spec: spec(name, native('bigint')),
            value: (r) => {
              const cell = r.cells[c.cell];
              if (!cell) return null;
              const b = Buffer.alloc(8);
              b.writeBigInt64BE(cell.ts);
              return b;
            },
          };
        return {
          spec: spec(name, native('int')),
          value: (r) => {
            const cell = r.cells[c.cell];
            if (!cell || cell.expiry === 0) return null;
            const b = Buffer.alloc(4);
            b.writeInt32BE(Math.max(cell.expiry - nowSeconds, 0));
            return b;
          },
        };
      }
      case 'token': {
        const names = table.partitionKey.map((c) => c.name);
        if (s.columns.join(',') !== names.join(','))
          throw new InvalidRequest(`Invalid arguments for token(): expecting ${names.join(', ')}`);
        return {
          spec: spec(s.alias ?? `system.token(${names.join(', ')})`, native('bigint')),
          value: (r) => {
            const b = Buffer.alloc(8);
            b.writeBigInt64BE(r.partition.token);
            return b;
          },
        };
      }
    }
  });
}

export interface SelectContext {
  nowSeconds: number;
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
  const out = outputs(table, s.selectors, ctx.nowSeconds);
  const specs = out.map((o) => o.spec);
  let limit = s.limit
    ? requiredBytes(s.limit, native('int'), bound, '[limit]').readInt32BE(0)
    : Number.MAX_SAFE_INTEGER;
  if (limit <= 0) throw new InvalidRequest('LIMIT must be strictly positive');
  const from = ctx.pagingState && ctx.pagingState.length > 0 ? decodePagingState(ctx.pagingState) : null;
  if (from && from.remaining >= 0) limit = from.remaining;

  const ckRestricted = s.where.some((r) => r.kind !== 'token' && table.byName.get(r.column)?.kind === 'clustering');
  const isCount = s.selectors !== '*' && s.selectors.some((x) => x.kind === 'count');
  if (isCount) {
    let count = 0n;
    let first: Emitted | null = null;
    const onlyCount = (s.selectors as Selector[]).every((x) => x.kind === 'count');
    if (onlyCount && plan.filters.length === 0 && table.statics.length === 0) {
      // Liveness straight from the packed bytes: no per-row objects while counting a large table.
      counting: for (const p of candidatePartitions(data, plan, null))
        for (const row of p.rows) if (isLive(row, ctx.nowSeconds) && ++count >= BigInt(limit)) break counting;
    } else
      for (const r of matchingRows(data, plan, null, reversed, ctx.nowSeconds, ckRestricted)) {
        first ??= r;
        if (++count >= BigInt(limit)) break;
      }
    const row = out.map((o, i) => {
      if ((s.selectors as Selector[])[i]?.kind === 'count') {
        const b = Buffer.alloc(8);
        b.writeBigInt64BE(count);
        return b;
      }
      return first ? o.value(first) : null;
    });
    return { kind: 'rows', columns: specs, rows: [row], pagingState: null, ...aggregationWarnings(s, data.meta, plan) };
  }

  const pageSize = ctx.pageSize !== null && ctx.pageSize > 0 ? ctx.pageSize : Number.MAX_SAFE_INTEGER;
  const rows: (Buffer | null)[][] = [];
  let last: Emitted | null = null;
  let more = false;
  let lastKey: string | null = null;
  for (const r of matchingRows(data, plan, from, reversed, ctx.nowSeconds, ckRestricted)) {
    if (s.distinct) {
      const k = r.partition.key.toString('latin1');
      if (k === lastKey) continue;
      lastKey = k;
    }
    if (rows.length >= Math.min(pageSize, limit)) {
      more = rows.length < limit;
      break;
    }
    rows.push(out.map((o) => o.value(r)));
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
export function selectColumns(table: TableMeta, selectors: Selector[] | '*'): ColumnSpec[] {
  return outputs(table, selectors, 0).map((o) => o.spec);
}

/** Cassandra's warnings for an aggregate read over more than one partition. */
function aggregationWarnings(s: SelectStatement, table: TableMeta, plan: ReadPlan): { warnings?: string[] } {
  if (!plan.partitionRestricted) return { warnings: ['Aggregation query used without partition key'] };
  const inOnKey = s.where.some(
    (r) => (r.kind === 'in' || r.kind === 'inMarker') && table.partitionKey.some((c) => c.name === r.column),
  );
  return inOnKey ? { warnings: ['Aggregation query used on multiple partition keys (IN restriction)'] } : {};
}
