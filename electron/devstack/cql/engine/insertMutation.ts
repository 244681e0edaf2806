// The write of an INSERT, the store's hot path: a plan per parsed statement, then no closures or temporary arrays.
import type { Term } from './ast';
import { columnOf, InvalidRequest, requiredBytes, termBytes } from './bind';
import type { ColumnMeta, TableMeta } from './catalog';
import { decodeClustering, decodePartitionKey, encodeClustering, encodePartitionKey } from './keyCodec';
import { currentCells, currentRow, fullRow, lwtResult } from './lwt';
import { murmur3Token } from './murmur3';
import type { Dml, Mutation, MutationOutcome, WriteContext } from './mutationTypes';
import { encodeInsertRow, encodeRow, type Cell } from './rowCodec';
import type { TableData } from './tableData';
import type { BoundValue } from './types';

const NO_CLUSTERING = encodeClustering([]);

interface InsertPlan {
  table: TableMeta;
  partitionKey: [ColumnMeta, Term][];
  /** Null for an INSERT of static columns only, without clustering key (it writes only the static row). */
  clustering: [ColumnMeta, Term][] | null;
  /** Regular columns given, in slot order. */
  regular: [ColumnMeta, Term][];
  /** Static columns given: they go to the partition's static row. */
  statics: [ColumnMeta, Term][];
}

const insertPlans = new WeakMap<Dml, InsertPlan>();

/** Which term feeds which column, worked out once per parsed INSERT (and again if the table is re-created). */
function insertPlan(s: Extract<Dml, { kind: 'insert' }>, table: TableMeta): InsertPlan {
  const cached = insertPlans.get(s);
  if (cached && cached.table === table) return cached;
  const given = new Map<string, Term>();
  s.columns.forEach((name, i) => {
    columnOf(table, name);
    if (given.has(name)) throw new InvalidRequest(`Multiple definitions found for column ${name}`);
    given.set(name, s.values[i] as Term);
  });
  const keyPart = (c: ColumnMeta, what: string): [ColumnMeta, Term] => {
    const t = given.get(c.name);
    if (!t) throw new InvalidRequest(`Some ${what} are missing: ${c.name}`);
    return [c, t];
  };
  const givenOf = (columns: ColumnMeta[]) =>
    columns
      .flatMap((c): [ColumnMeta, Term][] => {
        const t = given.get(c.name);
        return t ? [[c, t]] : [];
      })
      .sort((a, b) => a[0].cell - b[0].cell);
  const regular = givenOf(table.regular);
  const statics = givenOf(table.statics);
  const staticOnly = statics.length > 0 && regular.length === 0 && table.clustering.every((c) => !given.has(c.name));
  const plan: InsertPlan = {
    table,
    partitionKey: table.partitionKey.map((c) => keyPart(c, 'partition key parts')),
    clustering: staticOnly ? null : table.clustering.map((c) => keyPart(c, 'clustering keys')),
    regular,
    statics,
  };
  insertPlans.set(s, plan);
  return plan;
}

/** The write of an INSERT: no closures or intermediate arrays, as prepared INSERTs are the store's hot path. */
export function insertMutation(
  s: Extract<Dml, { kind: 'insert' }>,
  data: TableData,
  bound: BoundValue[],
  ctx: WriteContext,
  ts: bigint,
  ttl: number,
  expiry: number,
): MutationOutcome {
  const table = data.meta;
  const plan = insertPlan(s, table);
  const key = encodePartitionKey(termsBytes(plan.partitionKey, bound));
  const clustering = plan.clustering;
  if (plan.statics.length > 0) return staticInsert(s, data, plan, key, bound, ts, ttl, expiry, ctx.nowSeconds);
  const ck =
    (clustering as [ColumnMeta, Term][]).length === 0
      ? NO_CLUSTERING
      : encodeClustering(termsBytes(clustering as [ColumnMeta, Term][], bound));
  const token = murmur3Token(key);
  const slots: number[] = [];
  const values: (Buffer | null)[] = [];
  for (let i = 0; i < plan.regular.length; i++) {
    const [c, t] = plan.regular[i] as [ColumnMeta, Term];
    const v = termBytes(t, c.type, bound, c.name);
    if (v === 'unset') continue;
    slots.push(c.cell);
    values.push(v);
  }
  const row = encodeInsertRow(ts, expiry, Math.max(ttl, 0), slots, values, ctx.appliedAtOnce === true);
  if (s.ifNotExists) {
    const existing = currentRow(data, token, key, ck, ctx.nowSeconds);
    if (existing)
      return { mutations: [], result: lwtResult(table, false, table.columns, fullRow(table, key, ck, existing)) };
    return { mutations: [{ kind: 'row', data, token, key, ck, row }], result: lwtResult(table, true, [], []) };
  }
  return { mutations: [{ kind: 'row', data, token, key, ck, row }], result: null };
}

function termsBytes(parts: [ColumnMeta, Term][], bound: BoundValue[]): Buffer[] {
  const out = new Array<Buffer>(parts.length);
  for (let i = 0; i < parts.length; i++) {
    const [c, t] = parts[i] as [ColumnMeta, Term];
    out[i] = requiredBytes(t, c.type, bound, c.name);
  }
  return out;
}

/** An INSERT that sets static columns: their cells go to the static row, the rest (if any) to the clustering row. */
function staticInsert(
  s: Extract<Dml, { kind: 'insert' }>,
  data: TableData,
  plan: InsertPlan,
  key: Buffer,
  bound: BoundValue[],
  ts: bigint,
  ttl: number,
  expiry: number,
  nowSeconds: number,
): MutationOutcome {
  const token = murmur3Token(key);
  const cells = (parts: [ColumnMeta, Term][]): Cell[] =>
    parts.flatMap(([c, t]): Cell[] => {
      const v = termBytes(t, c.type, bound, c.name);
      if (v === 'unset') return [];
      return [{ slot: c.cell, ts, expiry: v === null ? 0 : expiry, ttl: v === null ? 0 : Math.max(ttl, 0), value: v }];
    });
  const mutations: Mutation[] = [
    {
      kind: 'row',
      data,
      token,
      key,
      ck: NO_CLUSTERING,
      row: encodeRow({ marker: null, deletedAt: null, cells: cells(plan.statics) }),
    },
  ];
  const ck = plan.clustering === null ? null : encodeClustering(termsBytes(plan.clustering, bound));
  if (ck !== null) {
    const marker = { ts, expiry, ttl: Math.max(ttl, 0) };
    mutations.push({
      kind: 'row',
      data,
      token,
      key,
      ck,
      row: encodeRow({ marker, deletedAt: null, cells: cells(plan.regular) }),
    });
  }
  if (!s.ifNotExists) return { mutations, result: null };
  // IF NOT EXISTS: the clustering row, or for an INSERT of static columns only the static row, must not exist.
  const ctx = { nowSeconds };
  const existing =
    ck === null ? currentCells(data, token, key, null, ctx) : currentRow(data, token, key, ck, nowSeconds);
  if (existing === null) return { mutations, result: lwtResult(data.meta, true, [], []) };
  const shown = ck === null ? currentCells(data, token, key, null, ctx) : currentCells(data, token, key, ck, ctx);
  const table = data.meta;
  const values = [
    ...decodePartitionKey(key, table.partitionKey.length),
    ...(ck === null ? table.clustering.map(() => null) : decodeClustering(ck, table.clustering.length)),
    ...table.valueColumns.map((c) => shown?.[c.cell]?.value ?? null),
  ];
  return { mutations: [], result: lwtResult(table, false, table.columns, values) };
}
