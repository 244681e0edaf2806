// The cells an UPDATE or a column DELETE writes to one row, computed from the row's current cells where a change
// depends on them (collection element changes, counter increments). Static and regular cells come out together; the
// caller sends static ones to the partition's static row.
import type { Statement, Term } from './ast';
import { columnOf, InvalidRequest, requiredBytes, termBytes } from './bind';
import { isCounterType, type ColumnMeta, type TableMeta } from './catalog';
import { collectionValue, listAssignment, withoutElement } from './collectionChanges';
import { native } from './cqlType';
import { ListChanges } from './listChanges';
import type { Cell } from './rowCodec';
import type { BoundValue, UdtField } from './types';
import { readFields, writeFields } from './udtValues';

type Update = Extract<Statement, { kind: 'update' }>;
type Delete = Extract<Statement, { kind: 'delete' }>;

export interface RowChanges {
  cells: Cell[];
  /** Slots whose new value was computed from the current one (the whole new value). */
  readModifyWrite?: number[];
}

/** Makes the cell a column's new value goes in (null: a tombstone, which never expires). */
export type CellMaker = (c: ColumnMeta, value: Buffer | null) => Cell;

type Changed = Map<number, { col: ColumnMeta; value: Buffer | null; list?: ListChanges }>;

/** A counter's new value: the current one (absent = 0) plus or minus the operand. */
function counterValue(
  col: ColumnMeta,
  kind: string,
  term: Parameters<typeof termBytes>[0],
  current: Buffer | null,
  bound: BoundValue[],
): Buffer | null {
  if (kind !== 'append' && kind !== 'remove')
    throw new InvalidRequest(`Invalid operation for counter column ${col.name}`);
  const operand = termBytes(term, native('bigint'), bound, col.name);
  if (operand === 'unset') return current;
  if (operand === null) throw new InvalidRequest(`Invalid null value for counter increment/decrement`);
  const delta = operand.readBigInt64BE(0);
  const base = current === null ? 0n : current.readBigInt64BE(0);
  const b = Buffer.allocUnsafe(8);
  b.writeBigInt64BE(BigInt.asIntN(64, kind === 'append' ? base + delta : base - delta));
  return b;
}

/** An UPDATE's cells: changes to one column apply in order, each to the value the one before left. */
export function updateChanges(
  s: Update,
  table: TableMeta,
  existing: (Cell | null)[] | null,
  bound: BoundValue[],
  cell: CellMaker,
): RowChanges {
  const values: Changed = new Map();
  let readModifyWrite: number[] | undefined;
  for (const a of s.assignments) {
    const col = columnOf(table, a.column);
    if (col.cell < 0) throw new InvalidRequest(`PRIMARY KEY part ${col.name} found in SET part`);
    const counter = isCounterType(col.type);
    if (a.kind === 'set') {
      if (counter)
        throw new InvalidRequest(
          `Cannot set the value of counter column ${col.name} (counters can only be incremented/decremented, not set)`,
        );
      const v = termBytes(a.term, col.type, bound, col.name);
      if (v !== 'unset') values.set(col.cell, { col, value: v });
      continue;
    }
    const before = values.get(col.cell);
    const current = before ? before.value : (existing?.[col.cell]?.value ?? null);
    if (a.kind === 'setField') {
      values.set(col.cell, { col, value: withField(col, a.field, a.term, current, bound) });
    } else if (counter) {
      if (a.kind === 'setKey') throw new InvalidRequest(`Invalid operation for counter column ${col.name}`);
      values.set(col.cell, { col, value: counterValue(col, a.kind, a.term, current, bound) });
    } else if (a.kind !== 'setKey' && !isCollectionType(col))
      throw new InvalidRequest(
        `Invalid operation (${col.name} = ${col.name} ${a.kind === 'remove' ? '-' : '+'} ?) for non counter column ${col.name}`,
      );
    else if (col.type.kind === 'list' && !col.type.frozen) {
      const list = before?.list ?? new ListChanges(current, col.type.element);
      listAssignment(col, a, list, bound);
      values.set(col.cell, { col, value: list.value(), list });
    } else values.set(col.cell, { col, value: collectionValue(col, a, current, bound) });
    (readModifyWrite ??= []).push(col.cell);
  }
  const cells = [...values.values()].map((v) => cell(v.col, v.value));
  return readModifyWrite ? { cells, readModifyWrite } : { cells };
}

/** A non-frozen UDT's value with one field set (the other fields as they are; absent value: all null). */
function withField(
  col: ColumnMeta,
  field: string,
  term: Term,
  current: Buffer | null,
  bound: BoundValue[],
): Buffer | null {
  const t = col.type;
  if (t.kind !== 'udt')
    throw new InvalidRequest(`Invalid operation (${col.name}.${field} = ?) for non-UDT column ${col.name}`);
  if (t.frozen)
    throw new InvalidRequest(`Invalid operation (${col.name}.${field} = ?) for frozen UDT column ${col.name}`);
  const at = t.fields.findIndex((f) => f.name === field);
  if (at < 0) throw new InvalidRequest(`UDT column ${col.name} does not have a field named ${field}`);
  const v = termBytes(term, (t.fields[at] as UdtField).type, bound, `${col.name}.${field}`);
  if (v === 'unset') return current;
  const fields = current === null ? t.fields.map(() => null) : readFields(current, t.fields.length);
  fields[at] = v;
  return fields.every((f) => f === null) ? null : writeFields(fields);
}

const NULL_TERM: Term = { kind: 'literal', value: { kind: 'null' } };

const isCollectionType = (c: ColumnMeta) => c.type.kind === 'list' || c.type.kind === 'set' || c.type.kind === 'map';

/** A DELETE of columns and collection elements: tombstones for the columns, new values for the collections. */
export function deleteChanges(
  s: Delete,
  table: TableMeta,
  existing: (Cell | null)[] | null,
  bound: BoundValue[],
  cell: CellMaker,
): RowChanges {
  const cells: Cell[] = s.columns.map((name) => {
    const col = columnOf(table, name);
    if (col.cell < 0)
      throw new InvalidRequest(`Invalid identifier ${name} for deletion (should not be a PRIMARY KEY part)`);
    return cell(col, null);
  });
  const changed: Changed = new Map();
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
  for (const f of s.fields ?? []) {
    const col = columnOf(table, f.column);
    const before = changed.get(col.cell);
    const current = before ? before.value : (existing?.[col.cell]?.value ?? null);
    changed.set(col.cell, { col, value: withField(col, f.field, NULL_TERM, current, []) });
  }
  for (const [slot, v] of changed) if (!cells.some((c) => c.slot === slot)) cells.push(cell(v.col, v.value));
  return changed.size > 0 ? { cells, readModifyWrite: [...changed.keys()] } : { cells };
}
