// DELETE of a clustering range (`WHERE pk = ? AND c1 = ? AND c2 > ? AND c2 <= ?`, or a prefix `WHERE pk = ? AND
// c1 = ?`): a range tombstone, kept in the partition so that rows written later with older timestamps stay deleted,
// while writes with newer timestamps survive it. A range is equality values for the first clustering columns and an
// optional slice on the next one, encoded as bytes (the commit log's form):
//   [u8 eq count] per eq: [u16 len][bytes]  [u8 flags: 1 lower, 2 lower inclusive, 4 upper, 8 upper inclusive]
//   [u16 len][lower bytes] if lower   [u16 len][upper bytes] if upper
import type { Relation } from './ast';
import { InvalidRequest, requiredBytes } from './bind';
import type { ColumnMeta, TableMeta } from './catalog';
import { decodeClustering } from './keyCodec';
import type { BoundValue } from './types';
import { compareValues } from './valueCompare';

interface Side {
  value: Buffer;
  inclusive: boolean;
}

export interface ClusteringRange {
  eq: Buffer[];
  lower: Side | null;
  upper: Side | null;
}

/**
 * The range a DELETE's clustering restrictions name, or null when they name whole rows (every clustering column
 * restricted by = or IN). Throws Cassandra's errors for restrictions a range deletion cannot take.
 */
export function rangeOf(table: TableMeta, where: Relation[], bound: BoundValue[]): ClusteringRange | null {
  const eq: Buffer[] = [];
  let lower: Side | null = null;
  let upper: Side | null = null;
  let sliced: ColumnMeta | null = null;
  let missing: ColumnMeta | null = null;
  for (const c of table.clustering) {
    const rs = where.filter(
      (r): r is Extract<Relation, { column: string }> => r.kind !== 'token' && r.column === c.name,
    );
    if (rs.length === 0) {
      missing ??= c;
      continue;
    }
    if (missing || sliced)
      throw new InvalidRequest(
        `PRIMARY KEY column "${c.name}" cannot be restricted as preceding column "${(missing ?? sliced)?.name}" is not restricted`,
      );
    if (rs.some((r) => r.kind !== 'compare'))
      return rs.every((r) => r.kind === 'in' || r.kind === 'inMarker' || (r.kind === 'compare' && r.op === '=')) &&
        table.clustering.every((k) => where.some((r) => r.kind !== 'token' && r.column === k.name))
        ? null
        : invalid(c);
    const ops = rs as Extract<Relation, { kind: 'compare' }>[];
    const equal = ops.find((r) => r.op === '=');
    if (equal) {
      if (ops.length > 1) return invalid(c);
      eq.push(requiredBytes(equal.term, c.type, bound, c.name));
      continue;
    }
    for (const r of ops) {
      const value = requiredBytes(r.term, c.type, bound, c.name);
      if (r.op === '>' || r.op === '>=') lower = { value, inclusive: r.op === '>=' };
      else if (r.op === '<' || r.op === '<=') upper = { value, inclusive: r.op === '<=' };
      else return invalid(c);
    }
    sliced = c;
  }
  if (sliced === null && missing === null) return null;
  return { eq, lower, upper };
}

function invalid(c: ColumnMeta): never {
  throw new InvalidRequest(`Invalid operator for PRIMARY KEY part ${c.name} in a range deletion`);
}

export function encodeRange(r: ClusteringRange): Buffer {
  const parts: Buffer[] = [Buffer.from([r.eq.length])];
  const sized = (b: Buffer) => {
    const len = Buffer.allocUnsafe(2);
    len.writeUInt16BE(b.length);
    parts.push(len, b);
  };
  for (const v of r.eq) sized(v);
  parts.push(
    Buffer.from([(r.lower ? 1 : 0) | (r.lower?.inclusive ? 2 : 0) | (r.upper ? 4 : 0) | (r.upper?.inclusive ? 8 : 0)]),
  );
  if (r.lower) sized(r.lower.value);
  if (r.upper) sized(r.upper.value);
  return Buffer.concat(parts);
}

export function decodeRange(b: Buffer): ClusteringRange {
  let at = 0;
  const next = () => {
    const len = b.readUInt16BE(at);
    const v = b.subarray(at + 2, at + 2 + len);
    at += 2 + len;
    return v;
  };
  const n = b[at++] as number;
  const eq: Buffer[] = [];
  for (let i = 0; i < n; i++) eq.push(next());
  const flags = b[at++] as number;
  const lower = flags & 1 ? { value: next(), inclusive: (flags & 2) !== 0 } : null;
  const upper = flags & 4 ? { value: next(), inclusive: (flags & 8) !== 0 } : null;
  return { eq, lower, upper };
}

/** Whether the row with clustering key `ck` lies in the range (by value, whatever the clustering order). */
export function rangeContains(clustering: ColumnMeta[], r: ClusteringRange, ck: Buffer): boolean {
  if (ck.length === 0) return false; // the static row
  const values = decodeClustering(ck, clustering.length);
  for (let i = 0; i < r.eq.length; i++)
    if (compareValues((clustering[i] as ColumnMeta).type, values[i] as Buffer, r.eq[i] as Buffer) !== 0) return false;
  const c = clustering[r.eq.length];
  const v = values[r.eq.length];
  if (!c || !v) return true;
  if (r.lower) {
    const cmp = compareValues(c.type, v, r.lower.value);
    if (cmp < 0 || (cmp === 0 && !r.lower.inclusive)) return false;
  }
  if (r.upper) {
    const cmp = compareValues(c.type, v, r.upper.value);
    if (cmp > 0 || (cmp === 0 && !r.upper.inclusive)) return false;
  }
  return true;
}
