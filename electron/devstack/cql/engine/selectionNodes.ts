// The pieces a compiled selection is made of: per-row values, per-group accumulators, and how a node over
// arguments combines them (per row when nothing below aggregates, per group otherwise).
import type { SelectExpr } from './ast';
import type { ColumnMeta } from './catalog';
import { InvalidRequest } from './bind';
import { native } from './cqlType';
import { readItems, writeItems } from './valueCheck';
import type { Cell } from './rowCodec';
import type { CqlType } from './types';

/** What a selection reads of a row (select.ts' rows satisfy it). */
export interface SelectedRow {
  partition: { token: bigint };
  values: (Buffer | null)[];
  cells: (Cell | null)[];
}

export type Value = (r: SelectedRow) => Buffer | null;
export interface State {
  add(r: SelectedRow): void;
  result(): Buffer | null;
}

export interface Node {
  name: string;
  type: CqlType;
  /** Set when nothing aggregates below this node. */
  value: Value | null;
  /** Set when an aggregate is at or below this node. */
  state: (() => State) | null;
}

/** Compiles a selector expression against `expected` (the type a function argument must have), or null. */
export type Compile = (e: SelectExpr, expected: CqlType | null) => Node;

export function long(v: bigint): Buffer {
  const b = Buffer.alloc(8);
  b.writeBigInt64BE(v);
  return b;
}

export function fromArgs(
  name: string,
  type: CqlType,
  args: Node[],
  apply: (v: (Buffer | null)[]) => Buffer | null,
): Node {
  if (args.every((a) => a.value !== null)) {
    const values = args.map((a) => a.value as Value);
    return { name, type, value: (r) => apply(values.map((v) => v(r))), state: null };
  }
  const starts = args.map((a) => a.state ?? firstRow(a.value as Value));
  return {
    name,
    type,
    value: null,
    state: () => {
      const states = starts.map((s) => s());
      return {
        add: (r) => states.forEach((s) => s.add(r)),
        result: () => apply(states.map((s) => s.result())),
      };
    },
  };
}

export function firstRow(value: Value): () => State {
  return () => {
    let seen = false;
    let v: Buffer | null = null;
    return {
      add(r) {
        if (seen) return;
        seen = true;
        v = value(r);
      },
      result: () => v,
    };
  };
}

function int(v: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeInt32BE(v);
  return b;
}

/**
 * writetime(col) / ttl(col). A non-frozen collection gives one entry per element, as Cassandra 5.0 does; this store
 * keeps a collection as one cell, so every element shows the cell's timestamp and TTL.
 */
export function cellFunction(
  kind: 'writetime' | 'ttl',
  c: ColumnMeta,
  nowSeconds: () => number,
  multiCell: boolean,
): Node {
  const of = (cell: Cell): Buffer | null =>
    kind === 'writetime' ? long(cell.ts) : cell.expiry === 0 ? null : int(Math.max(cell.expiry - nowSeconds(), 0));
  const element = native(kind === 'writetime' ? 'bigint' : 'int');
  const t = c.type;
  const name = `${kind}(${c.name})`;
  if ((t.kind === 'list' || t.kind === 'set' || t.kind === 'map') && !t.frozen) {
    // Before 5.0 Cassandra refuses these (Selectable.WritetimeOrTTL).
    if (!multiCell)
      throw new InvalidRequest(
        `Cannot use selection function ${kind === 'writetime' ? 'writeTime' : 'ttl'} on non-frozen collection ${c.name}`,
      );
    const per = t.kind === 'map' ? 2 : 1;
    return {
      name,
      type: { kind: 'list', element, frozen: false },
      value: (r) => {
        const cell = r.cells[c.cell];
        if (!cell?.value) return null;
        const n = (readItems(cell.value, per)?.length ?? 0) / per;
        const v = of(cell);
        if (v === null) return null;
        return writeItems(
          Array.from({ length: n }, () => v),
          n,
        );
      },
      state: null,
    };
  }
  return { name, type: element, value: (r) => (r.cells[c.cell] ? of(r.cells[c.cell] as Cell) : null), state: null };
}
