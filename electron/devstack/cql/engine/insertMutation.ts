// The write of an INSERT, the store's hot path: a plan per parsed statement, then no closures or temporary arrays.
import type { Term } from './ast';
import { columnOf, InvalidRequest, requiredBytes, termBytes } from './bind';
import type { ColumnMeta, TableMeta } from './catalog';
import { encodeClustering, encodePartitionKey } from './keyCodec';
import { currentRow, fullRow, lwtResult } from './lwt';
import { murmur3Token } from './murmur3';
import type { Dml, MutationOutcome, WriteContext } from './mutationTypes';
import { encodeInsertRow } from './rowCodec';
import type { TableData } from './tableData';
import type { BoundValue } from './types';

const NO_CLUSTERING = encodeClustering([]);

interface InsertPlan {
  table: TableMeta;
  partitionKey: [ColumnMeta, Term][];
  clustering: [ColumnMeta, Term][];
  /** Regular columns given, in slot order. */
  regular: [ColumnMeta, Term][];
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
  const plan: InsertPlan = {
    table,
    partitionKey: table.partitionKey.map((c) => keyPart(c, 'partition key parts')),
    clustering: table.clustering.map((c) => keyPart(c, 'clustering keys')),
    regular: table.regular.flatMap((c): [ColumnMeta, Term][] => {
      const t = given.get(c.name);
      return t ? [[c, t]] : [];
    }),
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
  const ck = plan.clustering.length === 0 ? NO_CLUSTERING : encodeClustering(termsBytes(plan.clustering, bound));
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
