// INSERT, UPDATE and DELETE turned into row writes (cells with timestamps and expiries), including lightweight
// transactions, which read the current row and answer with the `[applied]` column.
import { columnOf, InvalidRequest } from './bind';
import type { ColumnMeta, TableMeta } from './catalog';
import { insertMutation } from './insertMutation';
import { encodeClustering, encodePartitionKey } from './keyCodec';
import { expandJsonInsert } from './insertJson';
import { conditionsHold, currentCells, lwtResult } from './lwt';
import { murmur3Token } from './murmur3';
import { cartesian, checkWhere, keyValues, writeTime } from './mutationKeys';
import type { Dml, Mutation, MutationOutcome, WriteContext } from './mutationTypes';
import { encodeRange, rangeOf } from './rangeDelete';
import { deleteChanges, updateChanges, type RowChanges } from './rowChanges';
import { encodeRow, type Cell } from './rowCodec';
import type { TableData } from './tableData';
import type { BoundValue } from './types';

export type { Mutation, MutationOutcome, WriteContext } from './mutationTypes';

const STATIC_CK = encodeClustering([]);

/** Counter tables refuse what Cassandra refuses for them; counter updates take the server's time. */
function checkCounterWrite(s: Dml, table: TableMeta): void {
  if (!table.counter) return;
  if (s.kind === 'insert')
    throw new InvalidRequest('INSERT statements are not allowed on counter tables, use UPDATE instead');
  if (s.kind !== 'update') return;
  if (s.using.timestamp) throw new InvalidRequest('Cannot provide custom timestamp for counter updates');
  if (s.using.ttl) throw new InvalidRequest('Cannot provide custom TTL for counter updates');
  if (s.ifExists || s.conditions.length > 0)
    throw new InvalidRequest('Conditional updates are not supported on counter tables');
}

/** Whether a statement writes only static columns and names no clustering column (it needs no clustering key). */
function staticOnly(s: Extract<Dml, { kind: 'update' | 'delete' }>, table: TableMeta): boolean {
  if (
    table.statics.length === 0 ||
    s.where.some((r) => r.kind !== 'token' && columnOf(table, r.column).kind === 'clustering')
  )
    return false;
  const names =
    s.kind === 'update'
      ? s.assignments.map((a) => a.column)
      : [...s.columns, ...s.elements.map((e) => e.column), ...(s.fields ?? []).map((f) => f.column)];
  return names.length > 0 && names.every((n) => table.byName.get(n)?.kind === 'static');
}

export function runMutation(s: Dml, data: TableData, bound: BoundValue[], ctx: WriteContext): MutationOutcome {
  const table = data.meta;
  checkCounterWrite(s, table);
  if (s.kind === 'insert' && s.json) ({ s, bound } = expandJsonInsert(s, table, bound));
  const { ts: givenTs, ttl: givenTtl } = writeTime(s.using, bound, ctx);
  const ts = table.counter ? ctx.nowMicros : givenTs;
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
    !s.fields &&
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
  if (s.kind === 'delete' && table.clustering.length > 0 && !staticOnly(s, table)) {
    const range = rangeOf(table, s.where, bound);
    if (range !== null) {
      if (s.columns.length > 0 || s.elements.length > 0 || s.fields)
        throw new InvalidRequest('Range deletions are not supported for specific columns');
      if (s.ifExists || s.conditions.length > 0)
        throw new InvalidRequest(
          'DELETE statements must restrict all PRIMARY KEY columns with equality relations in order to use IF conditions',
        );
      const bytes = encodeRange(range);
      const mutations: Mutation[] = keys.map((k) => {
        const key = encodePartitionKey(k);
        return { kind: 'rangeDelete', data, token: murmur3Token(key), key, range: bytes, ts };
      });
      return { mutations, result: null };
    }
  }
  const cks = staticOnly(s, table)
    ? [null]
    : cartesian(keyValues(table, table.clustering, s.where, bound, 'clustering keys'));
  const conditional = s.ifExists || s.conditions.length > 0;
  if (conditional && (keys.length !== 1 || cks.length !== 1))
    throw new InvalidRequest('IN on the partition key is not supported with conditional updates');
  const needsRead =
    conditional ||
    table.counter ||
    (s.kind === 'update' ? s.assignments.some((a) => a.kind !== 'set') : s.elements.length > 0 || !!s.fields);
  const mutations: Mutation[] = [];
  for (const k of keys) {
    const key = encodePartitionKey(k);
    const token = murmur3Token(key);
    for (const c of cks) {
      const ck = c === null ? null : encodeClustering(c);
      const existing = needsRead ? currentCells(data, token, key, ck, ctx) : null;
      if (conditional) {
        const ok = s.ifExists ? existing !== null : conditionsHold(table, s.conditions, existing, bound);
        if (!ok) {
          const shown = s.conditions.map((x) => columnOf(table, x.column));
          const values = shown.map((col) => existing?.[col.cell]?.value ?? null);
          return { mutations: [], result: lwtResult(table, false, shown, values) };
        }
      }
      if (s.kind === 'delete' && s.columns.length === 0 && s.elements.length === 0 && !s.fields) {
        const row = encodeRow({ marker: null, deletedAt: ts, cells: [] });
        mutations.push({ kind: 'row', data, token, key, ck: ck ?? STATIC_CK, row });
        continue;
      }
      const changes =
        s.kind === 'update'
          ? updateChanges(s, table, existing, bound, cell)
          : deleteChanges(s, table, existing, bound, cell);
      pushRows(mutations, data, token, key, ck, changes, c === cks[0]);
    }
  }
  return { mutations, result: conditional ? lwtResult(table, true, [], []) : null };
}

/** The row writes of one statement's changes: regular cells to the row, static ones (once) to the static row. */
function pushRows(
  out: Mutation[],
  data: TableData,
  token: bigint,
  key: Buffer,
  ck: Buffer | null,
  changes: RowChanges,
  firstRow: boolean,
): void {
  const table = data.meta;
  const isStatic = (cell: Cell) => table.statics.some((c) => c.cell === cell.slot);
  const split = table.statics.length > 0;
  const groups: [Buffer, Cell[]][] = split
    ? [
        [STATIC_CK, firstRow ? changes.cells.filter(isStatic) : []],
        [ck ?? STATIC_CK, ck === null ? [] : changes.cells.filter((c) => !isStatic(c))],
      ]
    : [[ck ?? STATIC_CK, changes.cells]];
  for (const [rowCk, cells] of groups) {
    if (split && cells.length === 0) continue;
    const row = encodeRow({ marker: null, deletedAt: null, cells });
    const rmw = changes.readModifyWrite?.filter((slot) => cells.some((c) => c.slot === slot));
    out.push(
      rmw && rmw.length > 0
        ? { kind: 'row', data, token, key, ck: rowCk, row, readModifyWrite: rmw }
        : { kind: 'row', data, token, key, ck: rowCk, row },
    );
  }
}
