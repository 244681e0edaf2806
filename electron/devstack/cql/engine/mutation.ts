// INSERT, UPDATE and DELETE turned into row writes (cells with timestamps and expiries), including lightweight
// transactions, which read the current row and answer with the `[applied]` column.
import type { Assignment, Condition, Relation, Statement, Term, Using } from './ast';
import { columnOf, InvalidRequest, requiredBytes, termBytes } from './bind';
import type { ColumnMeta, TableMeta } from './catalog';
import { native } from './cqlType';
import { decodeClustering, decodePartitionKey, encodeClustering, encodePartitionKey } from './keyCodec';
import { murmur3Token } from './murmur3';
import { encodeInsertRow, encodeRow, liveCells, mergeRows, type Cell } from './rowCodec';
import type { TableData } from './tableData';
import { readItems, sortCollection, writeItems } from './valueCheck';
import { compareValues } from './valueCompare';
import type { BoundValue, ColumnSpec, ExecutionResult } from './types';
import { ListChanges } from './listChanges';

export type Mutation =
  | {
      kind: 'row';
      data: TableData;
      token: bigint;
      key: Buffer;
      ck: Buffer;
      row: Buffer;
      /** Cell slots whose value was computed from the current one (collection changes): the whole new value. */
      readModifyWrite?: number[];
    }
  | { kind: 'partitionDelete'; data: TableData; token: bigint; key: Buffer; ts: bigint };

export interface WriteContext {
  nowMicros: bigint;
  nowSeconds: number;
  defaultTimestamp: bigint | null;
  /** The caller applies the mutations before anything else runs, so a row may live in a reused buffer. */
  appliedAtOnce?: boolean;
  /**
   * Rows written earlier in the same batch and not applied yet: a collection change reads through them, so two
   * appends to one list in one batch both land (see batchRows.ts).
   */
  pending?: (data: TableData, key: Buffer, ck: Buffer) => Buffer | undefined;
}

export interface MutationOutcome {
  mutations: Mutation[];
  /** Set for lightweight transactions. */
  result: ExecutionResult | null;
}

type Dml = Extract<Statement, { kind: 'insert' | 'update' | 'delete' }>;

const NO_CLUSTERING = encodeClustering([]);

function writeTime(u: Using, bound: BoundValue[], ctx: WriteContext): { ts: bigint; ttl: number } {
  const ts = u.timestamp
    ? requiredBytes(u.timestamp, native('bigint'), bound, '[timestamp]').readBigInt64BE(0)
    : (ctx.defaultTimestamp ?? ctx.nowMicros);
  const ttl = u.ttl ? requiredBytes(u.ttl, native('int'), bound, '[ttl]').readInt32BE(0) : -1;
  if (ttl < -1 || ttl > 630_720_000) throw new InvalidRequest(`ttl is too large or negative: ${ttl}`);
  return { ts, ttl };
}

/** Values of `columns` from `=`/`IN` relations; a missing or non-EQ key part is an error named like Cassandra's. */
function keyValues(
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

function cartesian(lists: Buffer[][]): Buffer[][] {
  return lists.reduce<Buffer[][]>((acc, values) => acc.flatMap((prefix) => values.map((v) => [...prefix, v])), [[]]);
}

function checkWhere(table: TableMeta, where: Relation[]): void {
  for (const r of where) {
    if (r.kind === 'token')
      throw new InvalidRequest('The token function cannot be used in WHERE clauses for UPDATE and DELETE statements');
    const c = columnOf(table, r.column);
    if (c.kind === 'regular') throw new InvalidRequest(`Non PRIMARY KEY columns found in where clause: ${c.name}`);
  }
}

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
  return row === undefined ? null : liveCells(row, data.meta.regular.length, nowSeconds);
}

function appliedColumn(table: TableMeta): ColumnSpec {
  return { keyspace: table.keyspace, table: table.name, name: '[applied]', type: native('boolean') };
}

function lwtResult(
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

function fullRow(table: TableMeta, key: Buffer, ck: Buffer, cells: (Cell | null)[]): (Buffer | null)[] {
  return [
    ...decodePartitionKey(key, table.partitionKey.length),
    ...decodeClustering(ck, table.clustering.length),
    ...cells.map((c) => c?.value ?? null),
  ];
}

function conditionsHold(
  table: TableMeta,
  conditions: Condition[],
  cells: (Cell | null)[] | null,
  bound: BoundValue[],
): boolean {
  return conditions.every((cond) => {
    const c = columnOf(table, cond.column);
    if (c.kind !== 'regular') throw new InvalidRequest(`PRIMARY KEY column '${c.name}' cannot have IF conditions`);
    const current = cells?.[c.cell]?.value ?? null;
    const v = termBytes(cond.term, c.type, bound, c.name);
    const expected = v === 'unset' ? null : v;
    if (expected === null || current === null)
      return cond.op === '=' ? expected === current : cond.op === '!=' ? expected !== current : false;
    const cmp = compareValues(c.type, current, expected);
    return { '=': cmp === 0, '!=': cmp !== 0, '<': cmp < 0, '<=': cmp <= 0, '>': cmp > 0, '>=': cmp >= 0 }[cond.op];
  });
}

/** A collection assignment's new value, computed from the current one (read-modify-write; writes are serialized). */
function collectionValue(c: ColumnMeta, a: Assignment, current: Buffer | null, bound: BoundValue[]): Buffer | null {
  const t = c.type;
  if (t.kind !== 'list' && t.kind !== 'set' && t.kind !== 'map')
    throw new InvalidRequest(`Invalid operation (${c.name} = ${c.name} + ?) for non collection column ${c.name}`);
  const per = t.kind === 'map' ? 2 : 1;
  const items = current ? (readItems(current, per) ?? []) : [];
  let next: Buffer[];
  if (a.kind === 'setKey') {
    const key = requiredBytes(a.key, t.kind === 'map' ? t.key : native('int'), bound, `key(${c.name})`);
    const value = termBytes(a.term, t.kind === 'map' ? t.value : t.element, bound, `value(${c.name})`);
    if (t.kind === 'map') {
      next = [];
      for (let i = 0; i < items.length; i += 2)
        if (compareValues(t.key, items[i] as Buffer, key) !== 0) next.push(items[i] as Buffer, items[i + 1] as Buffer);
      if (value !== null && value !== 'unset') next.push(key, value);
    } else if (t.kind === 'list') {
      const idx = key.readInt32BE(0);
      if (current === null) throw new InvalidRequest('Attempted to set an element on a list which is null');
      if (idx < 0 || idx >= items.length)
        throw new InvalidRequest(`List index ${idx} out of bound, list has size ${items.length}`);
      next = [...items];
      if (value === null || value === 'unset') next.splice(idx, 1);
      else next[idx] = value;
    } else throw new InvalidRequest(`Invalid operation for set column ${c.name}`);
  } else {
    const operandType =
      a.kind === 'remove' && t.kind === 'map' ? { kind: 'set' as const, element: t.key, frozen: false } : t;
    const operand = termBytes(a.term, operandType, bound, c.name);
    if (operand === 'unset') return current;
    const given = operand ? (readItems(operand, operandType.kind === 'map' ? 2 : 1) ?? []) : [];
    if (a.kind === 'append') next = [...items, ...given];
    else if (a.kind === 'prepend') next = [...given, ...items];
    else {
      const elementType = t.kind === 'map' ? t.key : t.element;
      const drop = (b: Buffer) => given.some((g) => compareValues(elementType, g, b) === 0);
      next = [];
      for (let i = 0; i < items.length; i += per) if (!drop(items[i] as Buffer)) next.push(...items.slice(i, i + per));
    }
  }
  const sorted = sortCollection(t, next);
  return sorted.length === 0 ? null : writeItems(sorted, sorted.length / per);
}

/** Applies an UPDATE assignment to a non-frozen list's pending changes. */
function listAssignment(c: ColumnMeta, a: Assignment, list: ListChanges, bound: BoundValue[]): void {
  const t = c.type as Extract<ColumnMeta['type'], { kind: 'list' }>;
  if (a.kind === 'setKey') {
    const idx = requiredBytes(a.key, native('int'), bound, `idx(${c.name})`).readInt32BE(0);
    const value = termBytes(a.term, t.element, bound, `value(${c.name})`);
    if (value !== 'unset') list.setAt(idx, value);
    return;
  }
  const operand = termBytes((a as { term: Term }).term, t, bound, c.name);
  if (operand === 'unset') return;
  const given = operand ? (readItems(operand, 1) ?? []) : [];
  if (a.kind === 'append') list.append(given);
  else if (a.kind === 'prepend') list.prepend(given);
  else if (a.kind === 'remove') list.removeValues(given);
}

/** `DELETE l[i]` / `m[key]` / `s[element]`: the collection without that element (null when it ends up empty). */
function withoutElement(c: ColumnMeta, keyTerm: Term, current: Buffer | null, bound: BoundValue[]): Buffer | null {
  const t = c.type;
  if (t.kind !== 'list' && t.kind !== 'set' && t.kind !== 'map')
    throw new InvalidRequest(`Invalid deletion operation for non collection column ${c.name}`);
  if (t.frozen) throw new InvalidRequest(`Invalid deletion operation for frozen collection column ${c.name}`);
  if (t.kind === 'list') throw new InvalidRequest(`Invalid deletion operation for list column ${c.name}`);
  const keyType = t.kind === 'map' ? t.key : t.element;
  const key = requiredBytes(keyTerm, keyType, bound, t.kind === 'map' ? `key(${c.name})` : `value(${c.name})`);
  if (current === null) return null;
  const per = t.kind === 'map' ? 2 : 1;
  const items = readItems(current, per) ?? [];
  const next: Buffer[] = [];
  for (let i = 0; i < items.length; i += per)
    if (compareValues(keyType, items[i] as Buffer, key) !== 0) next.push(...items.slice(i, i + per));
  return next.length === 0 ? null : writeItems(next, next.length / per);
}

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
function insertMutation(
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

export function runMutation(s: Dml, data: TableData, bound: BoundValue[], ctx: WriteContext): MutationOutcome {
  const table = data.meta;
  const { ts, ttl: givenTtl } = writeTime(s.using, bound, ctx);
  const ttl = givenTtl === -1 ? table.defaultTtl : givenTtl;
  const expiry = ttl > 0 ? ctx.nowSeconds + ttl : 0;
  if (s.kind === 'insert') return insertMutation(s, data, bound, ctx, ts, ttl, expiry);
  const cell = (c: ColumnMeta, value: Buffer | null): Cell => ({
    slot: c.cell,
    ts,
    expiry: value === null ? 0 : expiry,
    ttl: value === null ? 0 : ttl,
    value,
  });

  checkWhere(table, s.where);
  const keys = cartesian(keyValues(table, table.partitionKey, s.where, bound, 'partition key parts'));
  const isPartitionDelete =
    s.kind === 'delete' &&
    s.columns.length === 0 &&
    s.elements.length === 0 &&
    !s.where.some((r) => r.kind !== 'token' && table.clustering.some((c) => c.name === r.column));
  if (isPartitionDelete && table.clustering.length > 0) {
    if (s.ifExists || s.conditions.length > 0)
      throw new InvalidRequest(
        'DELETE statements must restrict all PRIMARY KEY columns with equality relations in order to use IF conditions',
      );
    const mutations: Mutation[] = keys.map((k) => {
      const key = encodePartitionKey(k);
      return { kind: 'partitionDelete', data, token: murmur3Token(key), key, ts };
    });
    return { mutations, result: null };
  }
  const cks = cartesian(keyValues(table, table.clustering, s.where, bound, 'clustering keys'));
  const conditional = s.ifExists || s.conditions.length > 0;
  if (conditional && (keys.length !== 1 || cks.length !== 1))
    throw new InvalidRequest('IN on the partition key is not supported with conditional updates');
  const mutations: Mutation[] = [];
  for (const k of keys) {
    const key = encodePartitionKey(k);
    const token = murmur3Token(key);
    for (const c of cks) {
      const ck = encodeClustering(c);
      const needsRead =
        conditional || (s.kind === 'update' ? s.assignments.some((a) => a.kind !== 'set') : s.elements.length > 0);
      const existing = needsRead
        ? currentRow(data, token, key, ck, ctx.nowSeconds, ctx.pending?.(data, key, ck))
        : null;
      if (conditional) {
        const ok = s.ifExists ? existing !== null : conditionsHold(table, s.conditions, existing, bound);
        if (!ok) {
          const shown = s.conditions.map((x) => columnOf(table, x.column));
          const values = shown.map((col) => existing?.[col.cell]?.value ?? null);
          return { mutations: [], result: lwtResult(table, false, shown, values) };
        }
      }
      let row: Buffer;
      let readModifyWrite: number[] | undefined;
      if (s.kind === 'update') {
        // Changes to one column apply in order, each to the value the one before left (l = l + [x], l = [y] + l).
        const values = new Map<number, { col: ColumnMeta; value: Buffer | null; list?: ListChanges }>();
        for (const a of s.assignments) {
          const col = columnOf(table, a.column);
          if (col.kind !== 'regular') throw new InvalidRequest(`PRIMARY KEY part ${col.name} found in SET part`);
          if (a.kind === 'set') {
            const v = termBytes(a.term, col.type, bound, col.name);
            if (v !== 'unset') values.set(col.cell, { col, value: v });
            continue;
          }
          const before = values.get(col.cell);
          const current = before ? before.value : (existing?.[col.cell]?.value ?? null);
          if (col.type.kind === 'list' && !col.type.frozen) {
            const list = before?.list ?? new ListChanges(current, col.type.element);
            listAssignment(col, a, list, bound);
            values.set(col.cell, { col, value: list.value(), list });
          } else values.set(col.cell, { col, value: collectionValue(col, a, current, bound) });
          (readModifyWrite ??= []).push(col.cell);
        }
        const cells = [...values.values()].map((v) => cell(v.col, v.value));
        row = encodeRow({ marker: null, deletedAt: null, cells });
      } else if (s.columns.length === 0 && s.elements.length === 0)
        row = encodeRow({ marker: null, deletedAt: ts, cells: [] });
      else {
        const cells: Cell[] = s.columns.map((name) => {
          const col = columnOf(table, name);
          if (col.kind !== 'regular')
            throw new InvalidRequest(`Invalid identifier ${name} for deletion (should not be a PRIMARY KEY part)`);
          return { slot: col.cell, ts, expiry: 0, ttl: 0, value: null };
        });
        const changed = new Map<number, { col: ColumnMeta; value: Buffer | null; list?: ListChanges }>();
        for (const e of s.elements) {
          const col = columnOf(table, e.column);
          const before = changed.get(col.cell);
          const current = before ? before.value : (existing?.[col.cell]?.value ?? null);
          if (col.type.kind === 'list' && !col.type.frozen) {
            const list = before?.list ?? new ListChanges(current, col.type.element);
            list.deleteAt(requiredBytes(e.key, native('int'), bound, `idx(${col.name})`).readInt32BE(0));
            changed.set(col.cell, { col, value: list.value(), list });
          } else changed.set(col.cell, { col, value: withoutElement(col, e.key, current, bound) });
        }
        for (const [slot, v] of changed) if (!cells.some((c) => c.slot === slot)) cells.push(cell(v.col, v.value));
        if (changed.size > 0) readModifyWrite = [...changed.keys()];
        row = encodeRow({ marker: null, deletedAt: null, cells });
      }
      mutations.push(
        readModifyWrite
          ? { kind: 'row', data, token, key, ck, row, readModifyWrite }
          : { kind: 'row', data, token, key, ck, row },
      );
    }
  }
  return { mutations, result: conditional ? lwtResult(table, true, [], []) : null };
}
