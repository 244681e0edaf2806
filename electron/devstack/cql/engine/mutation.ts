// INSERT, UPDATE and DELETE turned into row writes (cells with timestamps and expiries), including lightweight
// transactions, which read the current row and answer with the `[applied]` column.
import { columnOf, InvalidRequest, requiredBytes, termBytes } from './bind';
import type { ColumnMeta } from './catalog';
import { collectionValue, listAssignment, withoutElement } from './collectionChanges';
import { native } from './cqlType';
import { insertMutation } from './insertMutation';
import { encodeClustering, encodePartitionKey } from './keyCodec';
import { ListChanges } from './listChanges';
import { conditionsHold, currentRow, lwtResult } from './lwt';
import { murmur3Token } from './murmur3';
import { cartesian, checkWhere, keyValues, writeTime } from './mutationKeys';
import type { Dml, Mutation, MutationOutcome, WriteContext } from './mutationTypes';
import { encodeRow, type Cell } from './rowCodec';
import type { TableData } from './tableData';
import type { BoundValue } from './types';

export type { Mutation, MutationOutcome, WriteContext } from './mutationTypes';

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
